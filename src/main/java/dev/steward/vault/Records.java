package dev.steward.vault;

import dev.steward.audit.AuditEvent;
import dev.steward.audit.AuditLog;
import dev.steward.crypto.KeyRing;
import dev.steward.decision.Decision;
import dev.steward.decision.DecisionRequest;
import dev.steward.decision.Decisions;
import dev.steward.error.DidYouMean;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.CategoryKey;
import dev.steward.policy.DataCategory;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.Policy;
import dev.steward.policy.Purpose;
import dev.steward.policy.PurposeKey;
import dev.steward.policy.RetentionRule;
import dev.steward.store.Database;
import dev.steward.store.HotStatements;
import dev.steward.store.Times;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Stores and returns personal records. Every value is checked against the policy (declared category,
 * a source it allows, purposes declared for it, the shape of the value), encrypted under the
 * subject's key for its retention class, and audited in the same transaction. Reads are always for a
 * purpose and pass through {@link Decisions}; there is no other way to get a value out. Thread-safe.
 */
public final class Records {
    private static final int MAX_VALUE = 64 * 1024;

    private final Database database;
    private final KeyRing keys;
    private final AuditLog audit;
    private final Supplier<Policy> policy;
    private final Decisions decisions;
    private final Subjects subjects;
    private final LegalHolds holds;
    private final Clock clock;

    public Records(Database database, KeyRing keys, AuditLog audit, Supplier<Policy> policy, Decisions decisions,
                   Subjects subjects, LegalHolds holds, Clock clock) {
        this.holds = holds;
        this.database = database;
        this.keys = keys;
        this.audit = audit;
        this.policy = policy;
        this.decisions = decisions;
        this.subjects = subjects;
        this.clock = clock;
    }

    /** Stores a record; returns its id. */
    public String add(String actor, String subjectId, NewRecord record) {
        Policy current = policy.get();
        DataCategory category = check(current, record);
        String stored = storedForm(category.key(), record.value());
        requireCollectable(subjectId, record);
        String policyClass = keyClass(current, category.key(), record.purposes());
        String id = Ids.next("rec_");
        java.time.Instant now = Times.stored(clock.instant());
        return database.write(handle -> {
            // Decided in the writing transaction, so a legal hold placed just before cannot be missed.
            Optional<String> held = holds.keyClassFor(handle, subjectId, category.key());
            String keyClass = held.orElse(policyClass);
            byte[] ciphertext = keys.encrypt(handle, subjectId, keyClass, stored.getBytes(StandardCharsets.UTF_8),
                    context(id, category.key()));
            // The subject's jurisdiction is copied in the same statement; no row means no such subject.
            int inserted = HotStatements.execute(handle, "INSERT INTO personal_record (subject_id, id, category, "
                    + "key_class, value_ct, source, purposes, jurisdiction, collected_at, policy_version, version, "
                    + "updated_at) SELECT id, ?, ?, ?, ?, ?, ?, jurisdiction, ?, ?, 1, ? FROM subject WHERE id = ?", id,
                    category.key().value(), keyClass, ciphertext, record.source().key(), String.join(",",
                            record.purposes().stream().map(PurposeKey::value).toList()), now,
                    current.meta().version(), now, subjectId);
            if (inserted == 0) {
                throw new StewardException(ErrorCode.UNKNOWN_SUBJECT, subjectId);
            }
            held.ifPresent(holdClass -> holds.adopt(handle, holdClass, subjectId, id, policyClass));
            audit.append(handle, AuditEvent.of(actor, "record.write", subjectId, "ok", Map.of("record", id,
                    "category", category.key().value(), "key_class", keyClass)));
            return id;
        });
    }

    /**
     * Collecting is a use: at least one of the purposes must be allowed right now (a Korean child
     * without a guardian's consent, a closed account or a restriction stop collection too).
     */
    private void requireCollectable(String subjectId, NewRecord record) {
        List<String> reasons = new ArrayList<>();
        for (PurposeKey purpose : record.purposes()) {
            Decision decision = decisions.decide(DecisionRequest.of(subjectId, record.category(), purpose));
            if (decision.allowed()) {
                return;
            }
            reasons.add(purpose.value() + ": " + decision.reason());
        }
        throw new StewardException(ErrorCode.COLLECTION_REFUSED, String.join(", ", reasons));
    }

    /** Replaces a record's value, archiving the prior version where the policy says so; returns the new version. */
    public int update(String actor, String subjectId, String recordId, String value) {
        Policy current = policy.get();
        return database.write(handle -> {
            Map<String, Object> row = row(handle, subjectId, recordId);
            CategoryKey category = CategoryKey.of((String) row.get("category"));
            requireValue(value);
            String stored = storedForm(category, value);
            String keyClass = (String) row.get("key_class");
            int version = ((Number) row.get("version")).intValue();
            boolean archived = current.archive().categories().contains(category);
            if (archived) {
                handle.createUpdate("INSERT INTO record_archive (subject_id, record_id, version, category, key_class, "
                        + "value_ct, archived_at) VALUES (:s, :r, :v, :c, :k, :ct, :t)").bind("s", subjectId)
                        .bind("r", recordId).bind("v", version).bind("c", category.value()).bind("k", keyClass)
                        .bind("ct", (byte[]) row.get("value_ct")).bind("t", clock.instant()).execute();
            }
            byte[] ciphertext = keys.encrypt(handle, subjectId, keyClass, stored.getBytes(StandardCharsets.UTF_8),
                    context(recordId, category));
            handle.createUpdate("UPDATE personal_record SET value_ct = :v, version = :n, updated_at = :t WHERE "
                    + "subject_id = :s AND id = :r").bind("v", ciphertext).bind("n", version + 1)
                    .bind("t", clock.instant()).bind("s", subjectId).bind("r", recordId).execute();
            audit.append(handle, AuditEvent.of(actor, "record.update", subjectId, "ok", Map.of("record", recordId,
                    "category", category.value(), "version", version + 1, "archived", archived)));
            return version + 1;
        });
    }

    /**
     * Every record of the subject, decrypted, for the subject's own access or copy request (the right
     * of access is not a use for a purpose); audited as an export.
     */
    public List<RecordView> exportAll(String actor, String subjectId) {
        List<RecordView> all = database.read(handle -> {
            subjects.jurisdictionOf(handle, subjectId);
            List<RecordView> found = new ArrayList<>();
            for (Map<String, Object> row : handle.createQuery("SELECT * FROM personal_record WHERE subject_id = :s "
                    + "ORDER BY collected_at, id").bind("s", subjectId).mapToMap().list()) {
                decrypt(handle, subjectId, row).ifPresent(found::add);
            }
            return found;
        });
        database.write(handle -> audit.append(handle, AuditEvent.of(actor, "record.export", subjectId, "ok",
                Map.of("records", all.size()))));
        return all;
    }

    /** One earlier version of a record, kept in the archive (policy {@code archive}). */
    public record ArchivedVersion(String record, int version, String category, String value, String archivedAt) { }

    /** Every archived earlier version of the subject's records still kept, decrypted, for an access request. */
    public List<ArchivedVersion> exportArchived(String subjectId) {
        return database.read(handle -> {
            List<ArchivedVersion> versions = new ArrayList<>();
            for (Map<String, Object> row : handle.createQuery("SELECT * FROM record_archive WHERE subject_id = :s "
                    + "ORDER BY record_id, version").bind("s", subjectId).mapToMap().list()) {
                String recordId = (String) row.get("record_id");
                CategoryKey category = CategoryKey.of((String) row.get("category"));
                keys.decrypt(handle, subjectId, (String) row.get("key_class"), (byte[]) row.get("value_ct"),
                        context(recordId, category)).ifPresent(plain -> versions.add(new ArchivedVersion(recordId,
                                ((Number) row.get("version")).intValue(), category.value(), shown(category,
                                new String(plain, StandardCharsets.UTF_8)), Times.text(row.get("archived_at")))));
            }
            return versions;
        });
    }

    /** The subject's records that may be used for {@code purpose}, and the reasons for the rest. */
    public PurposeRead readFor(String actor, String subjectId, PurposeKey purpose) {
        Policy current = policy.get();
        if (current.findPurpose(purpose).isEmpty()) {
            throw new StewardException(ErrorCode.UNKNOWN_PURPOSE, purpose.value(), "");
        }
        PurposeRead read = database.read(handle -> {
            Jurisdiction jurisdiction = subjects.jurisdictionOf(handle, subjectId);
            List<RecordView> allowed = new ArrayList<>();
            List<PurposeRead.Denial> denied = new ArrayList<>();
            for (Map<String, Object> row : handle.createQuery("SELECT * FROM personal_record WHERE subject_id = :s "
                    + "ORDER BY collected_at, id").bind("s", subjectId).mapToMap().list()) {
                Optional<String> reason = refusal(subjectId, jurisdiction, row, purpose);
                if (reason.isPresent()) {
                    denied.add(new PurposeRead.Denial((String) row.get("id"), (String) row.get("category"),
                            reason.get()));
                } else {
                    decrypt(handle, subjectId, row).ifPresentOrElse(allowed::add, () -> denied.add(
                            new PurposeRead.Denial((String) row.get("id"), (String) row.get("category"), "erased")));
                }
            }
            return new PurposeRead(purpose.value(), allowed, denied);
        });
        database.write(handle -> audit.append(handle, new AuditEvent(actor, "record.read", subjectId,
                purpose.value(), "ok", Map.of("returned", read.records().size(), "denied", read.denied().size(),
                        "categories", read.records().stream().map(RecordView::category).distinct().sorted()
                                .toList()))));
        return read;
    }

    private Optional<String> refusal(String subjectId, Jurisdiction jurisdiction, Map<String, Object> row,
                                     PurposeKey purpose) {
        CategoryKey category = CategoryKey.of((String) row.get("category"));
        boolean collectedFor = List.of(((String) row.get("purposes")).split(",")).stream()
                .anyMatch(collected -> purpose.isWithin(PurposeKey.of(collected)));
        if (!collectedFor) {
            return Optional.of("not_collected_for_purpose");
        }
        Decision decision = decisions.decide(DecisionRequest.of(subjectId, category, purpose));
        return decision.allowed() ? Optional.empty() : Optional.of(decision.reason());
    }

    private Optional<RecordView> decrypt(Handle handle, String subjectId, Map<String, Object> row) {
        String id = (String) row.get("id");
        CategoryKey category = CategoryKey.of((String) row.get("category"));
        return keys.decrypt(handle, subjectId, (String) row.get("key_class"), (byte[]) row.get("value_ct"),
                context(id, category)).map(plain -> new RecordView(id, category.value(),
                        shown(category, new String(plain, StandardCharsets.UTF_8)), (String) row.get("source"),
                        List.of(((String) row.get("purposes")).split(",")), (String) row.get("jurisdiction"),
                        Times.text(row.get("collected_at")), (String) row.get("policy_version"),
                        ((Number) row.get("version")).intValue()));
    }

    private static Map<String, Object> row(Handle handle, String subjectId, String recordId) {
        return handle.createQuery("SELECT * FROM personal_record WHERE subject_id = :s AND id = :r")
                .bind("s", subjectId).bind("r", recordId).mapToMap().findOne()
                .orElseThrow(() -> new StewardException(ErrorCode.UNKNOWN_RECORD, recordId));
    }

    /** Checks a new record against the policy and returns its category. */
    private static DataCategory check(Policy policy, NewRecord record) {
        DataCategory category = policy.findCategory(record.category()).orElseThrow(() -> new StewardException(
                ErrorCode.UNKNOWN_CATEGORY, record.category().value(), DidYouMean.hint(record.category().value(),
                        policy.categories().keySet().stream().map(CategoryKey::value).toList())));
        if (!category.sources().contains(record.source())) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "source", "category '" + category.key()
                    + "' is collected only from " + category.sources().stream().map(s -> s.key()).sorted().toList());
        }
        if (record.purposes().isEmpty()) {
            throw new StewardException(ErrorCode.MISSING_FIELD, "purposes");
        }
        for (PurposeKey key : record.purposes()) {
            Purpose purpose = policy.findPurpose(key).orElseThrow(() -> new StewardException(ErrorCode.UNKNOWN_PURPOSE,
                    key.value(), DidYouMean.hint(key.value(), policy.purposes().keySet().stream().map(PurposeKey::value)
                            .toList())));
            if (!purpose.categories().contains(category.key())) {
                throw new StewardException(ErrorCode.PURPOSE_NOT_DECLARED, key.value(), category.key().value());
            }
        }
        requireValue(record.value());
        return category;
    }

    private static void requireValue(String value) {
        if (value == null || value.isBlank()) {
            throw new StewardException(ErrorCode.MISSING_FIELD, "value");
        }
        if (value.length() > MAX_VALUE) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "value", "longer than " + MAX_VALUE + " characters");
        }
    }

    /** What is encrypted: the value in its canonical form; for cards only a token and the truncated number. */
    static String storedForm(CategoryKey category, String value) {
        return switch (category.value()) {
            case "payment.card" -> CardNumbers.tokenize(value);
            case "contact.email" -> Identities.email(value.strip());
            case "contact.phone" -> Identities.phone(value.strip(), "ZZ");
            default -> value;
        };
    }

    private static String shown(CategoryKey category, String stored) {
        if (category.value().equals("payment.card")) {
            int start = stored.indexOf("\"masked\":\"") + 10;
            return stored.substring(start, stored.indexOf('"', start));
        }
        return stored;
    }

    /**
     * The retention class whose key encrypts a record: the first policy hold whose rule covers its category
     * and, when the rule names purposes, at least one of the purposes it is collected for (network data
     * kept for fraud prevention is held; the same data collected only to improve the service is not).
     * Otherwise the subject's ordinary class.
     */
    static String keyClass(Policy policy, CategoryKey category, List<PurposeKey> purposes) {
        return policy.retention().stream().filter(rule -> !rule.hold().isEmpty())
                .filter(rule -> rule.categories().stream().anyMatch(category::isWithin))
                .filter(rule -> rule.purposes().isEmpty() || purposes.stream().anyMatch(rule.purposes()::contains))
                .map(RetentionRule::hold).findFirst().orElse(Subjects.DEFAULT_CLASS);
    }

    static String context(String recordId, CategoryKey category) {
        return "record/" + recordId + "/" + category.value();
    }
}
