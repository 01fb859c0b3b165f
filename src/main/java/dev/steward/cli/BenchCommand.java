package dev.steward.cli;

import dev.steward.bench.AccessBench;
import dev.steward.bench.DecisionHttpBench;
import dev.steward.bench.ErasureBench;
import dev.steward.bench.VaultWriteBench;
import dev.steward.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steward bench NAME}: runs one benchmark and prints one JSON line with its baseline. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run a benchmark in a temporary directory and print one JSON line with its figures and the "
                + "baseline measured in the same run.", "Benchmarks: vault-writes, decisions-http, access, erasure, reports, coherence. (The in-process "
                + "decision benchmark against cedar-java and SAPL is bench/run.sh decisions.)"},
        footer = {"", "Examples:", "  steward bench vault-writes", "  steward bench vault-writes --clients 64 --rounds 5",
                "  steward bench access --subjects 10000 --samples 50", "  steward bench erasure --samples 20",
                "  steward bench vault-writes --db jdbc:postgresql://127.0.0.1:5432/bench?user=postgres --nodes 4",
                "  steward bench coherence --db jdbc:postgresql://127.0.0.1:5432/bench?user=postgres --samples 500"})
final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "vault-writes, decisions-http, access, erasure, reports or coherence.")
    String name;

    @Option(names = "--clients", description = "Concurrent clients (default: 512 for vault-writes, 4 for "
            + "decisions-http).")
    Integer clients;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds; the median is reported (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--seconds", defaultValue = "5", description = "Length of each round (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--batch", defaultValue = "1000", description = "Checks per HTTP batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--subjects", defaultValue = "1000000", description = "Subjects for access (default: "
            + "${DEFAULT-VALUE}).")
    int subjects;

    @Option(names = "--samples", defaultValue = "500", description = "Requests measured for access, erasures "
            + "per size for erasure (at most 50) (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--sweep-subjects", defaultValue = "100000", description = "Closed accounts of 10 records "
            + "each for the erasure benchmark's sweep (default: ${DEFAULT-VALUE}, i.e. 1,000,000 records).")
    int sweepSubjects;

    @Option(names = "--records", defaultValue = "1000000", description = "Records of California subjects for "
            + "reports (default: ${DEFAULT-VALUE}).")
    int reportRecords;

    @Option(names = "--disclosures", defaultValue = "100000", description = "Disclosures for reports (default: "
            + "${DEFAULT-VALUE}).")
    int reportDisclosures;

    @Option(names = "--db", paramLabel = "JDBC_URL", defaultValue = "", description = "Run vault-writes, erasure or "
            + "coherence on this PostgreSQL database (empty, made for the run) instead of a temporary SQLite file.")
    String db;

    @Option(names = "--nodes", defaultValue = "1", description = "Steward nodes writing to --db at once, for "
            + "vault-writes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--policy", defaultValue = "policies/reference.yaml", paramLabel = "FILE",
            description = "Policy to run under (default: ${DEFAULT-VALUE}).")
    Path policy;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> result;
        java.io.PrintWriter err = spec.commandLine().getErr();
        switch (name) {
            case "vault-writes" -> {
                try (Progress ignored = Progress.start(err, output, "bench " + name, null)) {
                    result = db.isEmpty() ? new VaultWriteBench(new PolicyLoader().load(policy), clients == null ? 512
                            : clients, rounds, seconds * 1000L).run()
                            : new VaultWriteBench(new PolicyLoader().load(policy), clients == null ? 512 : clients,
                            rounds, seconds * 1000L).runOnPostgres(db, nodes);
                }
            }
            case "decisions-http" -> {
                try (Progress ignored = Progress.start(err, output, "bench " + name, null)) {
                    result = new DecisionHttpBench(policy, clients == null ? 4 : clients, batch, seconds * 1000L).run();
                }
            }
            case "access" -> {
                AccessBench bench = new AccessBench(new PolicyLoader().load(policy), subjects, samples);
                try (Progress ignored = Progress.start(err, output, "bench " + name,
                        () -> loaded(bench.loaded(), 3L * subjects, "subject rows loaded (vault, then 2 stores)"))) {
                    result = bench.run();
                }
            }
            case "erasure" -> {
                int sampled = Math.min(samples, 50);
                ErasureBench bench = new ErasureBench(new PolicyLoader().load(policy), sampled, sweepSubjects, 10, db);
                try (Progress ignored = Progress.start(err, output, "bench " + name,
                        () -> loaded(bench.loaded(), 2L * sampled + 3L * sweepSubjects, "subjects loaded"))) {
                    result = bench.run();
                }
            }
            case "reports" -> {
                dev.steward.bench.ReportBench bench = new dev.steward.bench.ReportBench(new PolicyLoader().load(policy),
                        reportRecords, reportDisclosures, Math.max(1, Math.min(samples, 50)));
                try (Progress ignored = Progress.start(err, output, "bench " + name,
                        () -> loaded(bench.loaded(), (long) reportRecords + reportDisclosures, "rows loaded"))) {
                    result = bench.run();
                }
            }
            case "coherence" -> {
                if (db.isEmpty()) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "coherence needs --db: two "
                            + "nodes share one PostgreSQL");
                }
                try (Progress ignored = Progress.start(err, output, "bench " + name, null)) {
                    result = new dev.steward.bench.CoherenceBench(policy, db, Math.min(samples, 5000)).run();
                }
            }
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown benchmark '"
                    + name + "'; known: vault-writes, decisions-http, access, erasure, reports, coherence");
        }
        Output.printJson(spec.commandLine().getOut(), result);
        return 0;
    }

    /** "12,000 of 30,000 subjects loaded" while a benchmark loads its data, then that it measures. */
    private static String loaded(long done, long total, String what) {
        return done >= total ? "loaded, measuring"
                : String.format(java.util.Locale.ROOT, "%,d of %,d %s", done, total, what);
    }
}
