package dev.steward.vault;

import java.util.List;

/** The answer to a purpose-bound read: the records that may be used, and why the others may not. Immutable. */
public record PurposeRead(String purpose, List<RecordView> records, List<Denial> denied) {
    public PurposeRead {
        records = List.copyOf(records);
        denied = List.copyOf(denied);
    }

    /** One refused record: its category and the decision's reason. */
    public record Denial(String record, String category, String reason) { }
}
