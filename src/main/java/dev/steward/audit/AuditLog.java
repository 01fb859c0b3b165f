package dev.steward.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.steward.store.Database;
import dev.steward.store.HotStatements;
import dev.steward.store.TransactionState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * The one audit path: an append-only log in which each entry's SHA-256 hash covers its fields and
 * the previous entry's hash, and a head row holds the last position, so that a changed, removed,
 * reordered or truncated entry is found by {@link #verify()}. Appends join the caller's
 * transaction, so an action and its audit entry commit together. Thread-safe.
 */
public final class AuditLog {
    static final String GENESIS = "0".repeat(64);
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS,
            true);
    private static final int PAGE = 5_000;
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    private final Database database;
    private final Clock clock;

    public AuditLog(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The chain's last entry; cached for the rest of a transaction once read or written in it. */
    private record Head(long seq, String hash) { }

    private static final String HEAD = "audit.head";
    private static final String INSERT = "INSERT INTO audit_log (seq, at, actor, action, subject_id, purpose, outcome, "
            + "detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Appends in its own transaction. */
    public AuditEntry append(AuditEvent event) {
        return database.write(handle -> append(handle, event));
    }

    /** Appends inside {@code handle}'s transaction. */
    public AuditEntry append(Handle handle, AuditEvent event) {
        TransactionState state = TransactionState.of(handle);
        Head head = head(handle, state);
        long seq = head.seq() + 1;
        String previous = head.hash();
        String detail = json(event.detail());
        String at = clock.instant().toString();
        String hash = hash(seq, at, event.actor(), event.action(), event.subjectId(), event.purpose(), event.outcome(),
                detail, previous);
        HotStatements.execute(handle, INSERT, seq, at, event.actor(), event.action(),
                event.subjectId(), event.purpose(), event.outcome(), detail, previous, hash);
        state.put(HEAD, new Head(seq, hash));
        return new AuditEntry(seq, at, event.actor(), event.action(), event.subjectId(), event.purpose(),
                event.outcome(), detail, previous, hash);
    }

    /** The chain's head in this transaction: read (and on PostgreSQL locked) by its first append. */
    private Head head(Handle handle, TransactionState state) {
        Head head = state.get(HEAD);
        if (head == null) {
            String lock = database.isPostgres() ? " FOR UPDATE" : "";
            head = handle.createQuery("SELECT seq, hash FROM audit_head WHERE id = 1" + lock)
                    .map((rs, ctx) -> new Head(rs.getLong(1), rs.getString(2))).one();
        }
        return head;
    }

    /**
     * Appends several entries in order, in the caller's transaction, each linked to the one before as
     * {@link #append} links it. On PostgreSQL they go in as one statement, so the chain head (moved by a
     * statement trigger) is written once for the lot; on SQLite as one statement batch.
     */
    public void appendAll(Handle handle, List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        TransactionState state = TransactionState.of(handle);
        Head head = head(handle, state);
        long seq = head.seq();
        String previous = head.hash();
        Object[][] rows = new Object[events.size()][];
        for (int r = 0; r < rows.length; r++) {
            AuditEvent event = events.get(r);
            seq++;
            String detail = json(event.detail());
            String at = clock.instant().toString();
            String hash = hash(seq, at, event.actor(), event.action(), event.subjectId(), event.purpose(),
                    event.outcome(), detail, previous);
            rows[r] = new Object[] {seq, at, event.actor(), event.action(), event.subjectId(), event.purpose(),
                event.outcome(), detail, previous, hash};
            previous = hash;
        }
        if (database.isPostgres()) {
            insertAsOneStatement(handle, rows);
        } else {
            insertAsBatch(handle, rows);
        }
        state.put(HEAD, new Head(seq, previous));
    }

    private static final String INSERT_ARRAYS = "INSERT INTO audit_log (seq, at, actor, action, subject_id, purpose, "
            + "outcome, detail, prev_hash, hash) SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], "
            + "?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])";

    /** SQLite: the rows as one JDBC statement batch. */
    private static void insertAsBatch(Handle handle, Object[][] rows) {
        java.sql.PreparedStatement insert = HotStatements.prepare(handle, INSERT);
        try {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    insert.setObject(i + 1, row[i]);
                }
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (java.sql.SQLException e) {
            throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e, null);
        }
    }

    /** PostgreSQL: the rows as one array per column, unnested into one INSERT. */
    private static void insertAsOneStatement(Handle handle, Object[][] rows) {
        Object[] columns = new Object[rows[0].length];
        for (int column = 0; column < columns.length; column++) {
            Object[] values = column == 0 ? new Long[rows.length] : new String[rows.length];
            for (int r = 0; r < rows.length; r++) {
                values[r] = rows[r][column];
            }
            columns[column] = HotStatements.array(handle, column == 0 ? "bigint" : "text", values);
        }
        HotStatements.execute(handle, INSERT_ARRAYS, columns);
    }

    /** Entries, oldest first, optionally of one subject, after position {@code afterSeq}. */
    public List<AuditEntry> list(String subjectId, long afterSeq, int limit) {
        String where = subjectId == null ? "" : " AND subject_id = :subject";
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT * FROM audit_log WHERE seq > :after"
                + where + " ORDER BY seq LIMIT :limit").bind("after", afterSeq)
                .bindMap(subjectId == null ? Map.of() : Map.of("subject", subjectId))
                .bind("limit", limit).map((rs, ctx) -> new AuditEntry(rs.getLong("seq"), rs.getString("at"),
                        rs.getString("actor"), rs.getString("action"), rs.getString("subject_id"),
                        rs.getString("purpose"), rs.getString("outcome"), rs.getString("detail"),
                        rs.getString("prev_hash"), rs.getString("hash"))).list());
    }

    /** How many entries the chain holds (its head's position). */
    public long length() {
        return database.read(handle -> handle.createQuery("SELECT seq FROM audit_head WHERE id = 1").mapTo(Long.class)
                .one());
    }

    /** Walks the whole chain and names the first entry that is missing, out of place or altered. */
    public AuditVerification verify() {
        long expected = 1;
        String previous = GENESIS;
        List<AuditEntry> page = list(null, 0, PAGE);
        while (!page.isEmpty()) {
            for (AuditEntry entry : page) {
                if (entry.seq() != expected) {
                    return AuditVerification.broken(expected - 1, expected, "entry " + expected
                            + " is missing (the next entry found is " + entry.seq() + ")");
                }
                if (!entry.prevHash().equals(previous)) {
                    return AuditVerification.broken(expected - 1, expected, "entry " + expected
                            + " does not follow the entry before it (entries removed or reordered)");
                }
                String recomputed = hash(entry.seq(), entry.at(), entry.actor(), entry.action(), entry.subjectId(),
                        entry.purpose(), entry.outcome(), entry.detail(), entry.prevHash());
                if (!recomputed.equals(entry.hash())) {
                    return AuditVerification.broken(expected - 1, expected, "entry " + expected
                            + " was changed after it was written");
                }
                previous = entry.hash();
                expected++;
            }
            page = list(null, expected - 1, PAGE);
        }
        return checkHead(expected - 1, previous);
    }

    private AuditVerification checkHead(long count, String last) {
        Map<String, Object> head = database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT seq, hash FROM audit_head WHERE id = 1").mapToMap().one());
        long headSeq = ((Number) head.get("seq")).longValue();
        if (headSeq != count || !last.equals(head.get("hash"))) {
            return AuditVerification.broken(count, Math.min(headSeq, count) + 1, "the log ends at entry " + count
                    + " but " + headSeq + " entries were written (entries removed from the end)");
        }
        return AuditVerification.ok(count);
    }

    static String hash(long seq, String at, String actor, String action, String subject, String purpose,
                       String outcome, String detail, String previous) {
        String canonical = String.join("\u001f", Long.toString(seq), at, actor, action, nullToEmpty(subject),
                nullToEmpty(purpose), outcome, detail, previous);
        MessageDigest sha = SHA256.get();
        sha.reset();
        return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String json(Map<String, Object> detail) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(detail));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit detail must be plain values", e);
        }
    }
}
