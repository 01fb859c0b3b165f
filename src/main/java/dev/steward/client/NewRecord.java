package dev.steward.client;

import java.util.List;

/** A piece of personal information to store: its category, value, source and the purposes it serves. */
public record NewRecord(String category, String value, String source, List<String> purposes) {
    public NewRecord {
        purposes = List.copyOf(purposes);
    }

    /** Information the person gave ({@code source: provided}). */
    public static NewRecord provided(String category, String value, String... purposes) {
        return new NewRecord(category, value, "provided", List.of(purposes));
    }
}
