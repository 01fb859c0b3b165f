package dev.steward.bench.decisions;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link DecisionBench} under JMH (same fork, same run for all three engines) and prints one
 * JSON line: decisions per second, p50 and p99 latency for each, and Steward's ratios to the peers.
 */
public final class DecisionBenchMain {
    private DecisionBenchMain() { }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Options options = new OptionsBuilder().include(DecisionBench.class.getSimpleName())
                .forks(1).warmupIterations(Math.min(3, iterations)).warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(seconds))
                .jvmArgsAppend("-Dsteward.policy=" + System.getProperty("steward.policy", "policies/reference.yaml"))
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Map<String, Double>> figures = new LinkedHashMap<>();
        for (RunResult run : results) {
            String name = run.getParams().getBenchmark().replaceAll(".*\\.", "");
            Map<String, Double> entry = figures.computeIfAbsent(name, key -> new LinkedHashMap<>());
            Result<?> primary = run.getPrimaryResult();
            switch (run.getParams().getMode()) {
                case Throughput -> entry.put("decisions_per_s", primary.getScore() * 1_000_000);
                case SampleTime -> {
                    var statistics = primary.getStatistics();
                    entry.put("p50_ns", statistics.getPercentile(50) * 1000);
                    entry.put("p99_ns", statistics.getPercentile(99) * 1000);
                }
                default -> { }
            }
        }
        StringBuilder json = new StringBuilder("{\"name\":\"decisions\"");
        for (var entry : figures.entrySet()) {
            for (var figure : entry.getValue().entrySet()) {
                json.append(",\"").append(entry.getKey()).append('_').append(figure.getKey()).append("\":")
                        .append(Math.round(figure.getValue()));
            }
        }
        double steward = figures.get("steward").get("decisions_per_s");
        json.append(",\"ratio_vs_cedar\":").append(Math.round(steward / figures.get("cedarJava")
                .get("decisions_per_s") * 10) / 10.0);
        json.append(",\"ratio_vs_sapl\":").append(Math.round(steward / figures.get("sapl").get("decisions_per_s")
                * 10) / 10.0);
        System.out.println(json.append('}'));
    }
}
