package dev.steward.policy;

/** One problem found in a policy file, printed as {@code FILE:LINE:COLUMN: CODE message}. Immutable. */
public record Problem(String file, int line, int column, String code, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + code + " " + message;
    }
}
