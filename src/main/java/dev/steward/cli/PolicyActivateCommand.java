package dev.steward.cli;

import dev.steward.Steward;
import dev.steward.audit.AuditLog;
import dev.steward.config.DataDirectory;
import dev.steward.config.Settings;
import dev.steward.crypto.KeyRing;
import dev.steward.crypto.MasterKey;
import dev.steward.outbox.Outbox;
import dev.steward.policy.Policy;
import dev.steward.policy.PolicyChange;
import dev.steward.policy.PolicyLoader;
import dev.steward.store.Database;
import dev.steward.vault.Subjects;
import dev.steward.versions.Activation;
import dev.steward.versions.PolicyVersions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code steward policy activate NEW}: shows who a new version affects, and with {@code --yes} puts it in force. */
@Command(name = "activate", mixinStandardHelpOptions = true,
        description = {"Put a new policy version in force. Without --yes, only show every change and the subjects "
                + "who hold data under earlier terms and would be notified; nothing is changed.",
                "With --yes: record the version, write a notice to each affected subject (DIR/outbox), and keep "
                        + "their data under the earlier terms until they accept. A running 'serve' takes the new version up "
                        + "within a second; no restart is needed."},
        footer = {"", "Examples:", "  steward policy activate policies/next.yaml",
                "  steward policy activate policies/next.yaml --yes --data ./steward-data"})
final class PolicyActivateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NEW", description = "The policy file to put in force.")
    Path file;

    @Option(names = "--yes", description = "Commit: put the version in force and send the notices.")
    boolean yes;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    InitOption initOption;

    @Mixin
    Output output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Settings settings = initOption.installed(dataOptions.settings());
        Steward.PolicySource next = Steward.readPolicy(file);
        Policy policy = new PolicyLoader().load(next.name(), next.text());
        Clock clock = Clock.systemUTC();
        Activation.Plan plan;
        DataDirectory directory;
        try (Database database = Database.existing(settings.dataDir(), settings.databaseUrl(), settings.databasePassword())) {
            directory = new DataDirectory(settings.dataDir()).prepare();
            KeyRing keys = KeyRing.open(database, directory.keys(), Optional.ofNullable(System.getenv(
                    MasterKey.ENVIRONMENT)), clock);
            PolicyVersions versions = new PolicyVersions(database, clock);
            Steward.PolicySource configured = Steward.readPolicy(settings.policyFile());
            versions.bootstrap(configured.name(), configured.text());
            AuditLog audit = new AuditLog(database, clock);
            Activation activation = new Activation(database, versions, audit, new Subjects(database, keys, audit,
                    versions::inForce, clock), Outbox.of(database, directory.outbox(), clock, "privacy@steward.invalid"), clock,
                    dev.steward.changes.ChangeLog.of(database, clock));
            plan = yes ? activation.activate("cli", policy, next.text()) : activation.plan(policy);
        }
        report(plan, directory);
        return 0;
    }

    private void report(Activation.Plan plan, DataDirectory directory) {
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("from", plan.from());
            result.put("to", plan.to());
            result.put("material", plan.material());
            result.put("changes", plan.changes());
            result.put("affected_subjects", plan.affectedSubjects());
            result.put("committed", yes);
            Output.printJson(out, result);
            return;
        }
        out.println("policy version " + plan.from() + " -> " + plan.to());
        plan.changes().forEach(change -> out.println("  " + change));
        long material = plan.changes().stream().filter(PolicyChange::material).count();
        out.println(plan.changes().size() + " change(s), " + material + " material; " + plan.affectedSubjects().size()
                + " subject(s) hold data collected under earlier terms"
                + (plan.affectedSubjects().isEmpty() ? "" : " and get a notice"));
        plan.affectedSubjects().stream().limit(20).forEach(subject -> out.println("  " + subject));
        if (plan.affectedSubjects().size() > 20) {
            out.println("  … and " + (plan.affectedSubjects().size() - 20) + " more");
        }
        out.println(yes ? plan.to() + " is in force; notices are in " + directory.outbox()
                + "; a running 'serve' takes it up within a second" : "dry run: nothing changed; add --yes to put " + plan.to()
                + " in force");
        out.flush();
    }
}
