package dev.steward.dsr;

import dev.steward.consent.Choice;
import dev.steward.consent.ChoiceMethod;
import dev.steward.consent.ChoiceNames;
import dev.steward.consent.Choices;
import dev.steward.crypto.KeyRing;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.LegalBasis;
import dev.steward.policy.Policy;
import dev.steward.policy.Purpose;
import dev.steward.policy.PurposeKey;
import dev.steward.store.Database;
import dev.steward.connect.Connector;
import dev.steward.retention.SubjectErasure;
import dev.steward.vault.IdentityKind;
import dev.steward.vault.NewSubject;
import dev.steward.vault.Subjects;
import dev.steward.vault.RecordView;
import dev.steward.vault.Records;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Carries out a verified request in the vault: confirm, access and copy (the export), rectify (the
 * prior version archived), erase (through the one deletion path; what a legal hold keeps is named),
 * restrict, object, withdraw consent, opt out of sale or sharing, limit sensitive data. Results hold
 * categories, ids and counts only. Thread-safe.
 */
public final class Fulfilment {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Fulfilment.class);
    private final Database database;
    private final KeyRing keys;
    private final Records records;
    private final Choices choices;
    private final SubjectErasure deleter;
    private final Supplier<Policy> policy;
    private final Subjects subjects;
    private final List<Connector> connectors;

    public Fulfilment(Database database, KeyRing keys, Records records, Choices choices, SubjectErasure deleter,
                      Supplier<Policy> policy, Subjects subjects, List<Connector> connectors) {
        this.deleter = deleter;
        this.subjects = subjects;
        this.connectors = List.copyOf(connectors);
        this.database = database;
        this.keys = keys;
        this.records = records;
        this.choices = choices;
        this.policy = policy;
    }

    /** What a fulfilled request comes to. */
    public record Outcome(RequestStatus status, Map<String, Object> result, String deniedReason) { }

    void checkDetails(NewRequest request) {
        Map<String, String> details = request.details();
        for (String key : details.keySet()) {
            if (!List.of("purpose", "record", "value").contains(key)) {
                throw new StewardException(ErrorCode.INVALID_FIELD, "details." + key, "expected purpose, record or "
                        + "value");
            }
        }
        if (request.type() == RequestType.RECTIFY && (!details.containsKey("record") || !details.containsKey("value"))) {
            throw new StewardException(ErrorCode.MISSING_FIELD, "details.record and details.value");
        }
        String purpose = details.get("purpose");
        if (purpose != null && (!PurposeKey.isValid(purpose) || policy.get().findPurpose(PurposeKey.of(purpose))
                .isEmpty())) {
            throw new StewardException(ErrorCode.UNKNOWN_PURPOSE, purpose, "");
        }
    }

    /**
     * A person the vault does not know but an external store does (a guest checkout in the shop): they
     * become a subject holding just that identity, encrypted under their own key, so the request reaches
     * the store like any other and an erasure destroys the identity with the key. Stores that are down are
     * skipped. Empty when no store knows the identity.
     */
    Optional<String> discover(String actor, IdentityKind kind, String identity, Jurisdiction jurisdiction) {
        boolean known = false;
        for (Connector connector : connectors) {
            if (!connector.identityKind().equals(kind.key())) {
                continue;
            }
            try {
                known = connector.knows(identity);
            } catch (StewardException e) {
                LOG.warn("store {} could not be searched for a request: {}", connector.name(), e.code().code());
            }
            if (known) {
                break;
            }
        }
        if (!known) {
            return Optional.empty();
        }
        try {
            return Optional.of(subjects.create(actor, new NewSubject(Map.of(kind, identity), jurisdiction, null, null,
                    false)));
        } catch (StewardException e) {
            if (e.code() != ErrorCode.IDENTITY_CONFLICT) {
                throw e;
            }
            return subjects.lookupId(kind, identity, jurisdiction); // created meanwhile by a concurrent request
        }
    }

    /** Details as stored: a new value for rectification only as ciphertext under the subject's key. */
    String storedDetails(NewRequest request, Optional<String> subject) {
        Map<String, String> stored = new LinkedHashMap<>(request.details());
        String value = stored.remove("value");
        if (value != null && subject.isPresent()) {
            byte[] ciphertext = database.jdbi().withHandle(handle -> keys.encrypt(handle, subject.get(), "default",
                    value.getBytes(StandardCharsets.UTF_8), "dsr/rectify"));
            stored.put("value_ct", Base64.getEncoder().encodeToString(ciphertext));
        }
        return Requests.json(stored);
    }

    /** Carries out a verified request; a store that cannot be reached throws {@code connector_unavailable}. */
    public Outcome fulfil(String actor, DsrRequest request, Map<String, String> details) {
        if (request.subjectId() == null) {
            return new Outcome(RequestStatus.COMPLETED, Map.of("holds_data", false), null);
        }
        String subject = request.subjectId();
        return switch (request.type()) {
            case CONFIRM -> new Outcome(RequestStatus.COMPLETED, Map.of("holds_data", true, "categories",
                    categories(records.exportAll(actor, subject)), "external", counts(externalItems(subject))), null);
            case ACCESS, COPY -> {
                List<RecordView> all = records.exportAll(actor, subject);
                yield new Outcome(RequestStatus.COMPLETED, Map.of("holds_data", true, "records", all.size(),
                        "categories", categories(all), "external", counts(externalItems(subject)), "export",
                        "/api/v1/requests/" + request.id() + "/export"), null);
            }
            case RECTIFY -> rectify(actor, subject, details);
            case ERASE -> erase(actor, subject);
            case RESTRICT -> set(actor, subject, List.of(ChoiceNames.RESTRICT), "true");
            case OBJECT -> set(actor, subject, objections(request, details), "true");
            case WITHDRAW_CONSENT -> set(actor, subject, withdrawals(subject, details), "withdrawn");
            case OPT_OUT_SALE -> set(actor, subject, List.of(ChoiceNames.SALE_SHARING), "true");
            case LIMIT_SENSITIVE -> set(actor, subject, List.of(ChoiceNames.LIMIT_SENSITIVE), "true");
        };
    }

    private Outcome rectify(String actor, String subject, Map<String, String> details) {
        String ciphertext = details.get("value_ct");
        Optional<byte[]> value = ciphertext == null ? Optional.empty() : database.jdbi().withHandle(handle ->
                keys.decrypt(handle, subject, "default", Base64.getDecoder().decode(ciphertext), "dsr/rectify"));
        if (value.isEmpty()) {
            return new Outcome(RequestStatus.DENIED, Map.of(), "the corrected value is no longer available");
        }
        try {
            int version = records.update(actor, subject, details.get("record"), new String(value.get(),
                    StandardCharsets.UTF_8));
            return new Outcome(RequestStatus.COMPLETED, Map.of("record", details.get("record"), "version", version),
                    null);
        } catch (StewardException e) {
            return new Outcome(RequestStatus.DENIED, Map.of(), e.code().code() + ": " + e.getMessage());
        }
    }

    /**
     * External stores first, each in one transaction; the vault only once all of them succeeded, so a
     * store that is down leaves the request retryable with nothing in the vault lost.
     */
    private Outcome erase(String actor, String subject) {
        SubjectErasure.Outcome done = deleter.erase(actor, subject);
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("erased", done.vault().erased());
        outcome.put("retained", done.vault().retained());
        outcome.put("external", done.external());
        return new Outcome(done.whole() ? RequestStatus.COMPLETED : RequestStatus.PARTIALLY_COMPLETED, outcome, null);
    }

    /** The subject's identifiers (decrypted), current choices and the history of choices, for an access export. */
    public Map<String, Object> aboutSubject(String subject) {
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("identities", subjects.identities(subject));
        about.put("choices", choices.current(subject));
        about.put("choice_history", choices.history(subject));
        return about;
    }

    /** Every personal value the external stores hold about the subject. */
    public List<Connector.Item> externalItems(String subject) {
        List<Connector.Item> items = new java.util.ArrayList<>();
        for (Connector connector : connectors) {
            identityFor(subject, connector).ifPresent(identity -> items.addAll(connector.export(identity)));
        }
        return items;
    }

    private Optional<String> identityFor(String subject, Connector connector) {
        return IdentityKind.parse(connector.identityKind()).flatMap(kind -> subjects.identity(subject, kind));
    }

    private static Map<String, Long> counts(List<Connector.Item> items) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        items.forEach(item -> counts.merge(item.dataset(), 1L, Long::sum));
        return counts;
    }

    private Outcome set(String actor, String subject, List<String> names, String value) {
        for (String name : names) {
            choices.set(actor, subject, name, value, ChoiceMethod.REQUEST, null);
        }
        return new Outcome(RequestStatus.COMPLETED, Map.of("choices", names), null);
    }

    /** The purpose named, or every purpose that rests on legitimate interests in the jurisdiction. */
    private List<String> objections(DsrRequest request, Map<String, String> details) {
        if (details.containsKey("purpose")) {
            return List.of(ChoiceNames.objection(PurposeKey.of(details.get("purpose"))));
        }
        Jurisdiction jurisdiction = Jurisdiction.of(request.jurisdiction());
        return policy.get().purposes().values().stream()
                .filter(purpose -> purpose.basisIn(jurisdiction).orElse(null) == LegalBasis.LEGITIMATE_INTEREST)
                .map(Purpose::key).map(ChoiceNames::objection).toList();
    }

    /** The purpose named, or every purpose the subject has consented to. */
    private List<String> withdrawals(String subject, Map<String, String> details) {
        if (details.containsKey("purpose")) {
            return List.of(ChoiceNames.consent(PurposeKey.of(details.get("purpose"))));
        }
        return choices.current(subject).stream().filter(choice -> choice.name().startsWith("consent."))
                .filter(choice -> choice.value().equals("granted")).map(Choice::name).toList();
    }

    private static List<String> categories(List<RecordView> records) {
        return List.copyOf(new TreeSet<>(records.stream().map(RecordView::category).toList()));
    }
}
