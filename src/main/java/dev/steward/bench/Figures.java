package dev.steward.bench;

import java.util.Arrays;

/** How the benchmarks report their figures: medians of rounds, values to two decimals. */
final class Figures {
    private Figures() { }

    /** {@code value} to two decimals, as the JSON reports carry it. */
    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** The median of {@code values} (the mean of the middle two for an even count). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
