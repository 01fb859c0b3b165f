package dev.steward.client;

import java.util.List;

/** The records that may be used for a purpose, and for each other record why it may not. */
public record RecordsForPurpose(String purpose, List<PersonalRecord> records, List<Denial> denied) {
    public RecordsForPurpose {
        records = records == null ? List.of() : List.copyOf(records);
        denied = denied == null ? List.of() : List.copyOf(denied);
    }

    /** A record withheld from the purpose, with the reason code. */
    public record Denial(String record, String category, String reason) { }
}
