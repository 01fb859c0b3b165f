package dev.steward.policy;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import java.util.List;
import java.util.Map;

/** A policy file could not be loaded; {@link #problems()} lists every problem found, in file order. */
public final class PolicyException extends StewardException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public PolicyException(List<Problem> problems) {
        super(ErrorCode.POLICY_INVALID, Map.of("problems", problems.stream().map(Problem::toString).toList()),
                problems.size());
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
