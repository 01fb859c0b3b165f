package dev.steward.decision;

/** The one door every purpose-bound use of personal data goes through. Implementations are thread-safe. */
public interface Decisions {
    Decision decide(DecisionRequest request);
}
