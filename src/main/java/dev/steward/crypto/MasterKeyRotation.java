package dev.steward.crypto;

import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import dev.steward.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Moves every stored keyset ({@code subject_key}, {@code system_key}) under a master key's primary key,
 * while Steward keeps running: rows are read in pages and each is rewritten by compare-and-set on the bytes
 * it was read with, so a key created, erased or rewrapped meanwhile is never overwritten. The data keys
 * themselves do not change, so no ciphertext is touched and no cache goes stale.
 */
public final class MasterKeyRotation {
    private static final int PAGE = 500;
    private final Database database;

    public MasterKeyRotation(Database database) {
        this.database = database;
    }

    /** A stored keyset: its table's key ({@code binding} is also the wrapping's associated data). */
    private record Wrapped(String table, String subjectId, String name, byte[] keyset) {
        String binding() {
            return table.equals("subject_key") ? subjectId + "/" + name : name;
        }
    }

    /** Rewraps every keyset under {@code kek}'s primary key; returns how many rows it rewrote. */
    public long rewrap(MasterKey kek) {
        long[] rewritten = {0};
        eachPage(rows -> rewritten[0] += database.write(handle -> {
            int changed = 0;
            for (Wrapped row : rows) {
                changed += update(handle, row, rewrapped(row, kek));
            }
            return changed;
        }));
        return rewritten[0];
    }

    /** How many stored keysets {@code kek} cannot unwrap (0 before dropping a master key's earlier keys). */
    public long unreadable(MasterKey kek) {
        long[] unreadable = {0};
        eachPage(rows -> {
            for (Wrapped row : rows) {
                try {
                    TinkProtoKeysetFormat.parseEncryptedKeyset(row.keyset(), kek.aead(), binding(row),
                            RegistryConfiguration.get());
                } catch (GeneralSecurityException e) {
                    unreadable[0]++;
                }
            }
        });
        return unreadable[0];
    }

    /** Every stored keyset, a page at a time, system keys first, each table in key order. */
    private void eachPage(java.util.function.Consumer<List<Wrapped>> work) {
        for (String table : List.of("system_key", "subject_key")) {
            String afterSubject = "";
            String afterName = "";
            for (List<Wrapped> page; !(page = page(table, afterSubject, afterName)).isEmpty(); ) {
                work.accept(page);
                Wrapped last = page.get(page.size() - 1);
                afterSubject = last.subjectId();
                afterName = last.name();
            }
        }
    }

    private List<Wrapped> page(String table, String afterSubject, String afterName) {
        return database.jdbi().withHandle(handle -> table.equals("subject_key")
                ? handle.createQuery("SELECT subject_id, key_class, keyset FROM subject_key WHERE subject_id > :s "
                        + "OR (subject_id = :s AND key_class > :n) ORDER BY subject_id, key_class LIMIT :page")
                        .bind("s", afterSubject).bind("n", afterName).bind("page", PAGE)
                        .map((rs, ctx) -> new Wrapped(table, rs.getString(1), rs.getString(2), rs.getBytes(3))).list()
                : handle.createQuery("SELECT name, keyset FROM system_key WHERE name > :n ORDER BY name LIMIT :page")
                        .bind("n", afterName).bind("page", PAGE)
                        .map((rs, ctx) -> new Wrapped(table, "", rs.getString(1), rs.getBytes(2))).list());
    }

    private static byte[] rewrapped(Wrapped row, MasterKey kek) {
        try {
            return TinkProtoKeysetFormat.serializeEncryptedKeyset(TinkProtoKeysetFormat.parseEncryptedKeyset(row.keyset(),
                    kek.aead(), binding(row), RegistryConfiguration.get()), kek.aead(), binding(row),
                    RegistryConfiguration.get());
        } catch (GeneralSecurityException e) {
            throw new dev.steward.error.StewardException(dev.steward.error.ErrorCode.MASTER_KEY_MISMATCH);
        }
    }

    private static int update(Handle handle, Wrapped row, byte[] keyset) {
        return row.table().equals("subject_key")
                ? handle.createUpdate("UPDATE subject_key SET keyset = :new WHERE subject_id = :s AND key_class = :n "
                        + "AND keyset = :old").bind("new", keyset).bind("s", row.subjectId()).bind("n", row.name())
                        .bind("old", row.keyset()).execute()
                : handle.createUpdate("UPDATE system_key SET keyset = :new WHERE name = :n AND keyset = :old")
                        .bind("new", keyset).bind("n", row.name()).bind("old", row.keyset()).execute();
    }

    private static byte[] binding(Wrapped row) {
        return row.binding().getBytes(StandardCharsets.UTF_8);
    }
}
