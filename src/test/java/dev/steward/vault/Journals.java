package dev.steward.vault;

import dev.steward.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** The erasure journal of a test installation as the file's lines, wherever it is kept. */
public final class Journals {
    private Journals() {
    }

    /** The journal of data directory {@code data} on {@code url} ("" for the embedded database), one entry per line. */
    public static String text(Path data, String url) throws Exception {
        if (url == null || url.isEmpty()) {
            return Files.readString(data.resolve("erasure-journal.log"));
        }
        try (Database database = Database.postgres(url)) {
            return new PostgresJournalReader(database).text();
        }
    }

    private record PostgresJournalReader(Database database) {
        String text() {
            return database.jdbi().withHandle(handle -> handle.createQuery("SELECT kind, subject_id, target, "
                    + "COALESCE(categories, '') FROM " + database.keepSchema() + ".erasure_journal ORDER BY seq")
                    .map((rs, ctx) -> rs.getString(1) + "\t" + rs.getString(2) + "\t" + rs.getString(3)
                            + (rs.getString(4).isEmpty() ? "" : "\t" + rs.getString(4)))
                    .stream().collect(Collectors.joining("\n", "", "\n")));
        }
    }
}
