package dev.steward.policy.internal;

import dev.steward.policy.Problem;
import dev.steward.policy.internal.Node.Location;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems found while reading one policy. Not thread-safe; one per load. */
public final class Problems {
    private final List<Problem> found = new ArrayList<>();

    public void add(Location where, String code, String message) {
        found.add(new Problem(where.file(), where.line(), where.column(), code, message));
    }

    public List<Problem> list() {
        return found;
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    /** The distinct problems sorted by file, line and column. */
    public List<Problem> sorted() {
        return found.stream().distinct()
                .sorted(Comparator.comparing(Problem::file).thenComparingInt(Problem::line)
                        .thenComparingInt(Problem::column))
                .toList();
    }
}
