package dev.steward.sharing;

import dev.steward.audit.AuditEvent;
import dev.steward.audit.AuditLog;
import dev.steward.decision.Decision;
import dev.steward.decision.DecisionEngine;
import dev.steward.decision.DecisionRequest;
import dev.steward.decision.SubjectStates;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.CategoryKey;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.Policy;
import dev.steward.policy.PurposeKey;
import dev.steward.policy.Recipient;
import dev.steward.policy.RecipientKey;
import dev.steward.store.Database;
import dev.steward.store.Times;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one door through which personal information leaves for a recipient. A disclosure is allowed only
 * when the decision engine allows every category for that purpose and recipient (the recipient declared
 * for them, a transfer mechanism for the subject's jurisdiction, consent where that mechanism is consent,
 * no opt-out, restriction, objection or erasure in the way); then it is logged — subject, recipient,
 * categories, purpose, country, mechanism, policy version, time — and audited in one transaction. A
 * refusal changes nothing but the audit log. Owns {@code disclosure}. Thread-safe.
 */
public final class Disclosures {
    private final Database database;
    private final DecisionEngine decisions;
    private final SubjectStates states;
    private final AuditLog audit;
    private final Supplier<Policy> policy;
    private final Clock clock;

    public Disclosures(Database database, DecisionEngine decisions, SubjectStates states, AuditLog audit,
                       Supplier<Policy> policy, Clock clock) {
        this.database = database;
        this.decisions = decisions;
        this.states = states;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
    }

    /** What is to be disclosed: the subject's categories, to a recipient, for a purpose. */
    public record NewDisclosure(String subjectId, RecipientKey recipient, List<CategoryKey> categories,
                                PurposeKey purpose) {
        public NewDisclosure {
            categories = List.copyOf(categories);
        }
    }

    /** One logged disclosure; never a personal value. */
    public record Disclosure(String id, String subject, String recipient, String recipientKind,
                             List<String> categories, String purpose, String country, String mechanism,
                             String jurisdiction, String policyVersion, String disclosedBy, String disclosedAt) {
        public Disclosure {
            categories = List.copyOf(categories);
        }
    }

    /**
     * Logs the disclosure if it is allowed, or throws {@code disclosure_refused} (403) naming the first
     * refused category and the reason; unknown subjects, recipients, categories and purposes are errors.
     */
    public Disclosure disclose(String actor, NewDisclosure request) {
        Policy current = policy.get();
        Recipient recipient = current.findRecipient(request.recipient())
                .orElseThrow(() -> new StewardException(ErrorCode.UNKNOWN_RECIPIENT));
        if (request.categories().isEmpty()) {
            throw new StewardException(ErrorCode.MISSING_FIELD, "categories");
        }
        decisions.requireSubject(request.subjectId());
        java.util.Optional<String[]> refusal = firstRefused(request);
        if (refusal.isPresent()) {
            refused(actor, request, refusal.get());
        }
        Jurisdiction governing = current.resolve(states.get(request.subjectId()).jurisdiction().value())
                .orElse(Jurisdiction.DEFAULT);
        String mechanism = recipient.transfer().mechanismFor(governing).map(found -> found.key()).orElse("none");
        Instant now = Times.stored(clock.instant());
        Disclosure made = new Disclosure("dis_" + java.util.UUID.randomUUID().toString().replace("-", ""),
                request.subjectId(), recipient.key().value(), recipient.kind().key(),
                request.categories().stream().map(CategoryKey::value).toList(), request.purpose().value(),
                recipient.country(), mechanism, governing.value(), current.meta().version(), actor, now.toString());
        String[] late = database.write(handle -> {
            // decided first on the subject's state as cached; decided again here on the state as committed,
            // so a withdrawal, restriction or erasure that committed meanwhile (on any node) is not missed
            states.invalidate(request.subjectId());
            java.util.Optional<String[]> committed = firstRefused(request);
            if (committed.isPresent()) {
                return committed.get();
            }
            handle.createUpdate("INSERT INTO disclosure (id, subject_id, recipient, recipient_kind, categories, purpose, "
                    + "country, mechanism, jurisdiction, policy_version, disclosed_by, disclosed_at) VALUES (:id, :s, "
                    + ":r, :k, :c, :p, :country, :m, :j, :v, :by, :at)").bind("id", made.id())
                    .bind("s", made.subject()).bind("r", made.recipient()).bind("k", made.recipientKind())
                    .bind("c", String.join(",", made.categories())).bind("p", made.purpose())
                    .bind("country", made.country()).bind("m", made.mechanism()).bind("j", made.jurisdiction())
                    .bind("v", made.policyVersion()).bind("by", actor).bind("at", now).execute();
            audit.append(handle, AuditEvent.of(actor, "disclosure", request.subjectId(), "ok",
                    detail(made.id(), request, Map.of("country", made.country(), "mechanism", mechanism))));
            return null;
        });
        if (late != null) {
            refused(actor, request, late);
        }
        return made;
    }

    /**
     * The first category not allowed for the purpose and recipient, with the reason; empty when all are.
     * Unknown categories and purposes are errors, not refusals.
     */
    private java.util.Optional<String[]> firstRefused(NewDisclosure request) {
        for (CategoryKey category : request.categories()) {
            Decision decision = decisions.decide(new DecisionRequest(request.subjectId(), category, request.purpose(),
                    request.recipient(), null));
            if ("unknown_category".equals(decision.reason())) {
                throw new StewardException(ErrorCode.UNKNOWN_CATEGORY, category.value(), "");
            }
            if ("unknown_purpose".equals(decision.reason())) {
                throw new StewardException(ErrorCode.UNKNOWN_PURPOSE, request.purpose().value(), "");
            }
            if (!decision.allowed()) {
                return java.util.Optional.of(new String[] {category.value(), decision.reason()});
            }
        }
        return java.util.Optional.empty();
    }

    /** Audits the refusal of {@code refusal} (category, reason) and throws {@code disclosure_refused}. */
    private void refused(String actor, NewDisclosure request, String[] refusal) {
        audit.append(AuditEvent.of(actor, "disclosure", request.subjectId(), "refused",
                detail(null, request, Map.of("reason", refusal[1], "refused_category", refusal[0]))));
        throw new StewardException(ErrorCode.DISCLOSURE_REFUSED, Map.of("reason", refusal[1], "category", refusal[0]),
                refusal[1]);
    }

    private static Map<String, Object> detail(String id, NewDisclosure request, Map<String, Object> more) {
        Map<String, Object> detail = new LinkedHashMap<>();
        if (id != null) {
            detail.put("disclosure", id);
        }
        detail.put("recipient", request.recipient().value());
        detail.put("purpose", request.purpose().value());
        detail.put("categories", request.categories().stream().map(CategoryKey::value).toList());
        detail.putAll(more);
        return detail;
    }

    /** Every disclosure of one subject, newest first (for the subject's access export). */
    public List<Disclosure> ofSubject(String subjectId) {
        return list(subjectId, null, EXPORTED);
    }

    /** The most disclosures an access export lists. */
    static final int EXPORTED = 100_000;

    /** The log, newest first: of one subject, or of one recipient (exactly one of the two), at most {@code limit}. */
    public List<Disclosure> list(String subjectId, String recipient, int limit) {
        if ((subjectId == null) == (recipient == null)) {
            throw new StewardException(ErrorCode.MISSING_FIELD, "subject or recipient (one of them)");
        }
        String where = subjectId != null ? "subject_id = :v" : "recipient = :v";
        return database.read(handle -> {
            List<Disclosure> found = new ArrayList<>();
            handle.createQuery("SELECT * FROM disclosure WHERE " + where + " ORDER BY disclosed_at DESC, id LIMIT :n")
                    .bind("v", subjectId != null ? subjectId : recipient).bind("n", limit).mapToMap()
                    .forEach(row -> found.add(new Disclosure((String) row.get("id"), (String) row.get("subject_id"),
                            (String) row.get("recipient"), (String) row.get("recipient_kind"),
                            List.of(((String) row.get("categories")).split(",")), (String) row.get("purpose"),
                            (String) row.get("country"), (String) row.get("mechanism"),
                            (String) row.get("jurisdiction"), (String) row.get("policy_version"),
                            (String) row.get("disclosed_by"), Times.text(row.get("disclosed_at")))));
            return found;
        });
    }
}
