package dev.steward.vault;

import dev.steward.audit.AuditEvent;
import dev.steward.audit.AuditLog;
import dev.steward.crypto.KeyRing;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.JurisdictionRules;
import dev.steward.policy.Policy;
import dev.steward.store.Database;
import dev.steward.store.Times;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Registers subjects and resolves identities to them. Each identity is stored encrypted under the
 * subject's key, with a keyed blind index for lookup, so neither e-mail nor phone appears in plain
 * text in any table or index. A subject and its first keys, identities and audit entry commit
 * together or not at all. Thread-safe.
 */
public final class Subjects {
    static final String DEFAULT_CLASS = "default";

    private final Database database;
    private final KeyRing keys;
    private final AuditLog audit;
    private final Supplier<Policy> policy;
    private final Clock clock;

    public Subjects(Database database, KeyRing keys, AuditLog audit, Supplier<Policy> policy, Clock clock) {
        this.database = database;
        this.keys = keys;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
    }

    /** Registers a subject; returns its new opaque id. */
    public String create(String actor, NewSubject request) {
        if (request.identities().isEmpty()) {
            throw new StewardException(ErrorCode.MISSING_FIELD, "identities");
        }
        if (request.birthDate() != null && request.birthDate().isAfter(LocalDate.now(clock))) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "birth_date", "it lies in the future");
        }
        // people in DE are governed by the EEA section: that is what is stored and decided on
        Jurisdiction governing = governing(request.jurisdiction());
        String region = region(request.jurisdiction());
        Map<IdentityKind, String> normalized = new java.util.EnumMap<>(IdentityKind.class);
        request.identities().forEach((kind, raw) -> normalized.put(kind, Identities.normalize(kind, raw, region)));
        String id = Ids.next("sub_");
        java.time.Instant now = clock.instant();
        return database.write(handle -> {
            if (request.guardianId() != null) {
                requireExists(handle, request.guardianId());
            }
            handle.createUpdate("INSERT INTO subject (id, jurisdiction, customer, guardian_id, status, policy_version, "
                    + "created_at) VALUES (:id, :j, :c, :g, 'active', :v, :t)").bind("id", id)
                    .bind("j", governing.value()).bind("c", request.customer())
                    .bind("g", request.guardianId()).bind("v", policy.get().meta().version()).bind("t", now).execute();
            if (request.birthDate() != null) {
                byte[] birth = keys.encrypt(handle, id, DEFAULT_CLASS, request.birthDate().toString()
                        .getBytes(StandardCharsets.UTF_8), "birth_date");
                handle.createUpdate("UPDATE subject SET birth_date_ct = :b WHERE id = :id").bind("b", birth)
                        .bind("id", id).execute();
            }
            normalized.forEach((kind, value) -> addIdentity(handle, id, kind, value, now));
            audit.append(handle, AuditEvent.of(actor, "subject.create", id, "ok", Map.of("identities",
                    normalized.keySet().stream().map(IdentityKind::key).sorted().toList(),
                    "jurisdiction", governing.value())));
            return id;
        });
    }

    private void addIdentity(Handle handle, String subjectId, IdentityKind kind, String value, java.time.Instant now) {
        String index = keys.blindIndex(kind.key(), value);
        boolean taken = handle.createQuery("SELECT COUNT(*) FROM identity WHERE kind = :k AND blind_index = :i")
                .bind("k", kind.key()).bind("i", index).mapTo(Integer.class).one() > 0;
        if (taken) {
            throw new StewardException(ErrorCode.IDENTITY_CONFLICT, kind.key().replace('_', ' '));
        }
        byte[] ciphertext = keys.encrypt(handle, subjectId, DEFAULT_CLASS, value.getBytes(StandardCharsets.UTF_8),
                "identity/" + kind.key());
        handle.createUpdate("INSERT INTO identity (subject_id, kind, blind_index, value_ct, created_at) VALUES "
                + "(:s, :k, :i, :v, :t)").bind("s", subjectId).bind("k", kind.key()).bind("i", index)
                .bind("v", ciphertext).bind("t", now).execute();
    }

    /**
     * Links one more identifier (a cookie or device id seen later, a second e-mail) to an existing
     * subject; an identifier that already belongs to another subject is a conflict.
     */
    public void link(String actor, String subjectId, IdentityKind kind, String raw) {
        java.time.Instant now = clock.instant();
        database.write(handle -> {
            Jurisdiction jurisdiction = jurisdictionOf(handle, subjectId);
            addIdentity(handle, subjectId, kind, Identities.normalize(kind, raw, region(jurisdiction)), now);
            return audit.append(handle, AuditEvent.of(actor, "subject.link_identity", subjectId, "ok",
                    Map.of("identity", kind.key())));
        });
    }

    /** The subject an identity belongs to; {@code jurisdiction} reads national phone numbers. */
    public Optional<SubjectView> find(String actor, IdentityKind kind, String raw, Jurisdiction jurisdiction) {
        String value = Identities.normalize(kind, raw, region(jurisdiction));
        String index = keys.blindIndex(kind.key(), value);
        Optional<SubjectView> found = database.read(handle -> handle.createQuery("SELECT subject_id FROM identity "
                + "WHERE kind = :k AND blind_index = :i").bind("k", kind.key()).bind("i", index).mapTo(String.class)
                .findOne().map(id -> view(handle, id)));
        String id = found.map(SubjectView::id).orElse(null);
        database.write(handle -> audit.append(handle, AuditEvent.of(actor, "subject.lookup", id, id != null
                ? "found" : "not_found", Map.of("identity", kind.key()))));
        return found;
    }

    /** The keyed index of an identifier (for recognising repeated requests without keeping the value). */
    public String identityIndex(IdentityKind kind, String raw, Jurisdiction jurisdiction) {
        return keys.blindIndex(kind.key(), Identities.normalize(kind, raw, region(jurisdiction)));
    }

    /** The identifier in the form messages are sent to (normalised e-mail or E.164 phone). */
    public String normalized(IdentityKind kind, String raw, Jurisdiction jurisdiction) {
        return Identities.normalize(kind, raw, region(jurisdiction));
    }

    /** The subject an identifier belongs to, without an audit entry (callers audit what they do with it). */
    public Optional<String> lookupId(IdentityKind kind, String raw, Jurisdiction jurisdiction) {
        String index = identityIndex(kind, raw, jurisdiction);
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT subject_id FROM identity WHERE kind = "
                + ":k AND blind_index = :i").bind("k", kind.key()).bind("i", index).mapTo(String.class).findOne());
    }

    /** The subject's identifier of {@code kind}, decrypted (to find the same person in external stores). */
    public Optional<String> identity(String subjectId, IdentityKind kind) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT value_ct FROM identity WHERE subject_id "
                + "= :s AND kind = :k").bind("s", subjectId).bind("k", kind.key()).mapTo(byte[].class).findFirst()
                .flatMap(ct -> keys.decrypt(handle, subjectId, DEFAULT_CLASS, ct, "identity/" + kind.key()))
                .map(plain -> new String(plain, StandardCharsets.UTF_8)));
    }

    /** Every identifier of the subject, decrypted, by kind (for the subject's own access request). */
    public Map<String, List<String>> identities(String subjectId) {
        return database.read(handle -> {
            Map<String, List<String>> all = new java.util.TreeMap<>();
            handle.createQuery("SELECT kind, value_ct FROM identity WHERE subject_id = :s ORDER BY kind, created_at")
                    .bind("s", subjectId).map((rs, ctx) -> Map.entry(rs.getString(1), rs.getBytes(2)))
                    .forEach(row -> keys.decrypt(handle, subjectId, DEFAULT_CLASS, row.getValue(), "identity/"
                            + row.getKey()).ifPresent(plain -> all.computeIfAbsent(row.getKey(),
                                    kind -> new ArrayList<>()).add(new String(plain, StandardCharsets.UTF_8))));
            return all;
        });
    }

    /** The subject's known e-mail address (else phone), decrypted, for verification codes. */
    public Optional<String> contactAddress(String subjectId) {
        return database.jdbi().withHandle(handle -> {
            for (IdentityKind kind : List.of(IdentityKind.EMAIL, IdentityKind.PHONE)) {
                Optional<byte[]> ciphertext = handle.createQuery("SELECT value_ct FROM identity WHERE subject_id = :s "
                        + "AND kind = :k").bind("s", subjectId).bind("k", kind.key()).mapTo(byte[].class).findFirst();
                Optional<String> value = ciphertext.flatMap(ct -> keys.decrypt(handle, subjectId, DEFAULT_CLASS, ct,
                        "identity/" + kind.key())).map(plain -> new String(plain, StandardCharsets.UTF_8));
                if (value.isPresent()) {
                    return value;
                }
            }
            return Optional.empty();
        });
    }

    public SubjectView get(String actor, String id) {
        SubjectView view = database.read(handle -> view(handle, id));
        database.write(handle -> audit.append(handle, AuditEvent.of(actor, "subject.read", id, "ok", Map.of())));
        return view;
    }

    /** The subject's jurisdiction; throws {@code unknown_subject} when there is none. */
    Jurisdiction jurisdictionOf(Handle handle, String id) {
        return handle.createQuery("SELECT jurisdiction FROM subject WHERE id = :id").bind("id", id)
                .mapTo(String.class).findOne().map(Jurisdiction::of)
                .orElseThrow(() -> new StewardException(ErrorCode.UNKNOWN_SUBJECT, id));
    }

    /** Throws {@code unknown_subject} unless the subject exists (erased subjects exist). */
    static void requireExists(Handle handle, String id) {
        if (!exists(handle, id)) {
            throw new StewardException(ErrorCode.UNKNOWN_SUBJECT, id);
        }
    }

    /** True when the subject was erased (only what a hold keeps remains). */
    static boolean erased(Handle handle, String id) {
        return handle.createQuery("SELECT COUNT(*) FROM subject WHERE id = :id AND erased_at IS NOT NULL")
                .bind("id", id).mapTo(Integer.class).one() > 0;
    }

    static boolean exists(Handle handle, String id) {
        return handle.createQuery("SELECT COUNT(*) FROM subject WHERE id = :id").bind("id", id)
                .mapTo(Integer.class).one() > 0;
    }

    private SubjectView view(Handle handle, String id) {
        Map<String, Object> row = handle.createQuery("SELECT * FROM subject WHERE id = :id").bind("id", id)
                .mapToMap().findOne().orElseThrow(() -> new StewardException(ErrorCode.UNKNOWN_SUBJECT, id));
        List<IdentityKind> kinds = new ArrayList<>();
        handle.createQuery("SELECT DISTINCT kind FROM identity WHERE subject_id = :id ORDER BY kind").bind("id", id)
                .mapTo(String.class).forEach(kind -> IdentityKind.parse(kind).ifPresent(kinds::add));
        Object customer = row.get("customer");
        boolean isCustomer = customer instanceof Boolean flag ? flag : ((Number) customer).intValue() != 0;
        String status = row.get("erased_at") != null ? "erased" : (String) row.get("status");
        return new SubjectView(id, (String) row.get("jurisdiction"), isCustomer, status,
                (String) row.get("guardian_id"), row.get("birth_date_ct") != null, kinds,
                (String) row.get("policy_version"), Times.text(row.get("created_at")));
    }

    /** The policy section governing people in {@code given}; {@code unknown_jurisdiction} for codes of no place. */
    public Jurisdiction governing(Jurisdiction given) {
        return policy.get().resolve(given.value()).orElseThrow(() -> new StewardException(
                ErrorCode.UNKNOWN_JURISDICTION));
    }

    /**
     * The ISO country used to read national phone numbers of people in {@code jurisdiction}: the code
     * itself for a country, the one country of a section; none (numbers need +CC) for a group such as EEA.
     */
    String region(Jurisdiction jurisdiction) {
        governing(jurisdiction);
        JurisdictionRules rules = policy.get().jurisdictions().get(jurisdiction);
        if (rules != null && !rules.countries().isEmpty()) {
            return rules.countries().size() == 1 ? rules.countries().get(0) : "ZZ";
        }
        String code = jurisdiction.value();
        return code.length() >= 2 && !code.equals("DEFAULT") ? code.substring(0, 2) : "ZZ";
    }
}
