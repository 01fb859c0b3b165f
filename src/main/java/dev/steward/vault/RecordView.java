package dev.steward.vault;

import java.util.List;

/** A record as returned for an allowed purpose; card numbers come back masked. Immutable. */
public record RecordView(String id, String category, String value, String source, List<String> purposes,
                         String jurisdiction, String collectedAt, String policyVersion, int version) {
    public RecordView {
        purposes = List.copyOf(purposes);
    }

    @Override
    public String toString() {
        return "RecordView[id=" + id + ", category=" + category + "]";
    }
}
