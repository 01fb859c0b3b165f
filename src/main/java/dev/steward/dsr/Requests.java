package dev.steward.dsr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.audit.AuditEvent;
import dev.steward.audit.AuditLog;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.outbox.Outbox;
import dev.steward.policy.Deadline;
import dev.steward.policy.JurisdictionRules;
import dev.steward.policy.Policy;
import dev.steward.store.Database;
import dev.steward.vault.Subjects;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * The lifecycle of data-subject requests: received → identity verified → in progress → completed,
 * partially completed, denied or extended, with due dates from the jurisdiction's rules. The answer to
 * a submission never reveals whether the identifier belongs to anyone. A type the jurisdiction does not
 * offer is answered with the reason; a repeat of an open request returns the first one. Every
 * transition is audited. Thread-safe.
 */
public final class Requests {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final RequestQueue queue;
    private final AuditLog audit;
    private final Subjects subjects;
    private final Fulfilment fulfilment;
    private final Outbox outbox;
    private final Supplier<Policy> policy;
    private final Clock clock;

    public Requests(Database database, RequestQueue queue, AuditLog audit, Subjects subjects, Fulfilment fulfilment,
                    Outbox outbox, Supplier<Policy> policy, Clock clock) {
        this.database = database;
        this.queue = queue;
        this.audit = audit;
        this.subjects = subjects;
        this.fulfilment = fulfilment;
        this.outbox = outbox;
        this.policy = policy;
        this.clock = clock;
    }

    public DsrRequest submit(String actor, NewRequest request) {
        fulfilment.checkDetails(request);
        JurisdictionRules rules = policy.get().rulesFor(request.jurisdiction());
        Deadline deadline = rules.deadlineFor(request.type().key())
                .or(() -> policy.get().rulesFor(dev.steward.policy.Jurisdiction.DEFAULT).deadlineFor("default"))
                .orElseThrow();
        Instant received = request.receivedAt() == null ? clock.instant() : request.receivedAt();
        if (received.isAfter(clock.instant())) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "received_at", "it lies in the future");
        }
        String index = subjects.identityIndex(request.identityKind(), request.identity(), request.jurisdiction());
        String address = subjects.normalized(request.identityKind(), request.identity(), request.jurisdiction());
        Optional<DsrRequest> open = openDuplicate(index, request.type());
        if (open.isPresent()) {
            audit.append(AuditEvent.of(actor, "request.duplicate", open.get().subjectId(), "ok", Map.of("request",
                    open.get().id())));
            resendIfExpired(open.get(), address);
            return open.get().asDuplicate();
        }
        boolean offered = rules.rights().contains(request.type().right());
        Optional<String> known = subjects.lookupId(request.identityKind(), request.identity(), request.jurisdiction());
        // Someone only an external store knows becomes a subject, so the request reaches that store.
        Optional<String> subject = known.isPresent() || !offered ? known
                : fulfilment.discover(actor, request.identityKind(), address, request.jurisdiction());
        String id = "req_" + java.util.UUID.randomUUID().toString().replace("-", "");
        String code = request.type().needsVerification() && offered ? VerificationCodes.newCode() : null;
        String salt = VerificationCodes.newSalt();
        RequestStatus status = !offered ? RequestStatus.DENIED : code != null ? RequestStatus.RECEIVED
                : RequestStatus.IN_PROGRESS;
        String denied = offered ? null : "not_offered_in_jurisdiction: " + request.jurisdiction() + " offers "
                + rules.rights().stream().map(right -> right.key()).toList();
        String details = fulfilment.storedDetails(request, subject);
        database.write(handle -> {
            handle.createUpdate("INSERT INTO dsr_request (id, subject_id, type, jurisdiction, language, status, "
                    + "identity_kind, identity_index, received_at, due_at, acknowledge_by, denied_reason, details, "
                    + "code_hash, code_salt, code_expires_at, code_attempts, completed_at, created_at) VALUES (:id, :s, "
                    + ":type, :j, :lang, :status, :kind, :index, :received, :due, :ack, :denied, :details, :hash, :salt, "
                    + ":expires, 0, :completed, :now)").bind("id", id).bind("s", subject.orElse(null))
                    .bind("type", request.type().key()).bind("j", request.jurisdiction().value())
                    .bind("lang", language(request)).bind("status", status.key())
                    .bind("kind", request.identityKind().key()).bind("index", index)
                    .bind("received", received.toString()).bind("due", Deadlines.due(deadline, received).toString())
                    .bind("ack", Optional.ofNullable(Deadlines.acknowledgeBy(deadline, received)).map(Instant::toString)
                            .orElse(null)).bind("denied", denied).bind("details", details)
                    .bind("hash", code == null ? null : VerificationCodes.hash(salt, code)).bind("salt", salt)
                    .bind("expires", code == null ? null : clock.instant().plusSeconds(VerificationCodes.VALID_SECONDS)
                            .toString()).bind("completed", offered ? null : clock.instant().toString())
                    .bind("now", clock.instant().toString()).execute();
            return audit.append(handle, new AuditEvent(actor, "request." + status.key(), subject.orElse(null), null,
                    "ok", Map.of("request", id, "type", request.type().key())));
        });
        if (code != null) {
            sendCode(id, subject, address, code, Deadlines.due(deadline, received));
        } else if (offered) {
            return finish(actor, id);
        }
        return get(id);
    }

    /** A repeated request whose code expired (and is not locked) gets a fresh code. */
    private void resendIfExpired(DsrRequest request, String givenAddress) {
        Map<String, Object> row = row(request.id());
        if (request.status() != RequestStatus.RECEIVED || row.get("code_expires_at") == null
                || ((Number) row.get("code_attempts")).intValue() >= VerificationCodes.MAX_ATTEMPTS
                || Instant.parse((String) row.get("code_expires_at")).isAfter(clock.instant())) {
            return;
        }
        String code = VerificationCodes.newCode();
        String salt = VerificationCodes.newSalt();
        database.write(handle -> handle.createUpdate("UPDATE dsr_request SET code_hash = :h, code_salt = :s, "
                + "code_expires_at = :e WHERE id = :id").bind("h", VerificationCodes.hash(salt, code)).bind("s", salt)
                .bind("e", clock.instant().plusSeconds(VerificationCodes.VALID_SECONDS).toString())
                .bind("id", request.id()).execute());
        sendCode(request.id(), Optional.ofNullable(request.subjectId()), givenAddress, code,
                Instant.parse(request.dueAt()));
    }

    /** The code, which also confirms receipt and says by when the answer is due (CCPA regulations §7021). */
    private void sendCode(String id, Optional<String> subject, String givenAddress, String code, Instant due) {
        String to = subject.flatMap(subjects::contactAddress).orElse(givenAddress);
        String by = due.atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
        outbox.send(subject.orElse(null), to, "Your privacy request / 您的隐私请求", "We have received your request "
                + id + " and will answer by " + by + ". Your verification code is " + code + " (valid for 10 minutes).\n"
                + "我们已收到您的请求 " + id + "，将于 " + by + " 前答复。您的验证码是 " + code + "（10 分钟内有效）。\n");
    }

    /** Checks the one-time code; on success the request is fulfilled at once. */
    public DsrRequest verify(String actor, String id, String code) {
        return verify(actor, id, code, Map.of());
    }

    /**
     * Checks the one-time code and, for a copy of specific pieces of information, a second identifier
     * of the subject ({@code also}: kind → value) that must match one Steward holds (two matching data
     * points, as California's regulations ask for specific pieces). On success the request is fulfilled.
     */
    public DsrRequest verify(String actor, String id, String code, Map<dev.steward.vault.IdentityKind, String> also) {
        DsrRequest request = get(id);
        requireOpen(request);
        if (request.status() != RequestStatus.RECEIVED) {
            return request;
        }
        Map<String, Object> row = row(id);
        int attempts = ((Number) row.get("code_attempts")).intValue();
        if (attempts >= VerificationCodes.MAX_ATTEMPTS) {
            throw new StewardException(ErrorCode.VERIFICATION_LOCKED);
        }
        if (Instant.parse((String) row.get("code_expires_at")).isBefore(clock.instant())) {
            transition(actor, id, "verification_expired", Map.of());
            throw new StewardException(ErrorCode.VERIFICATION_EXPIRED);
        }
        if (!VerificationCodes.matches((String) row.get("code_salt"), (String) row.get("code_hash"), code)) {
            database.write(handle -> {
                handle.createUpdate("UPDATE dsr_request SET code_attempts = code_attempts + 1 WHERE id = :id")
                        .bind("id", id).execute();
                return audit.append(handle, AuditEvent.of(actor, "request.verification_failed", request.subjectId(),
                        "denied", Map.of("request", id, "attempt", attempts + 1)));
            });
            int left = VerificationCodes.MAX_ATTEMPTS - attempts - 1;
            if (left <= 0) {
                throw new StewardException(ErrorCode.VERIFICATION_LOCKED);
            }
            throw new StewardException(ErrorCode.VERIFICATION_FAILED, left);
        }
        if (request.type() == RequestType.COPY && request.subjectId() != null && !secondPointMatches(request, also)) {
            throw new StewardException(ErrorCode.SECOND_FACTOR_REQUIRED);
        }
        database.write(handle -> {
            handle.createUpdate("UPDATE dsr_request SET status = :s, code_hash = NULL WHERE id = :id")
                    .bind("s", RequestStatus.IDENTITY_VERIFIED.key()).bind("id", id).execute();
            return audit.append(handle, AuditEvent.of(actor, "request.identity_verified", request.subjectId(), "ok",
                    Map.of("request", id)));
        });
        return finish(actor, id);
    }

    private boolean secondPointMatches(DsrRequest request, Map<dev.steward.vault.IdentityKind, String> also) {
        Map<String, Object> row = row(request.id());
        for (Map.Entry<dev.steward.vault.IdentityKind, String> point : also.entrySet()) {
            if (point.getKey().key().equals(row.get("identity_kind"))) {
                continue;
            }
            String index = subjects.identityIndex(point.getKey(), point.getValue(),
                    dev.steward.policy.Jurisdiction.of(request.jurisdiction()));
            boolean known = database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM identity "
                    + "WHERE subject_id = :s AND kind = :k AND blind_index = :i").bind("s", request.subjectId())
                    .bind("k", point.getKey().key()).bind("i", index).mapTo(Integer.class).one() > 0);
            if (known) {
                return true;
            }
        }
        return false;
    }

    /** Runs the fulfilment again for a request an unreachable external store left in progress. */
    public DsrRequest retry(String actor, String id) {
        DsrRequest request = get(id);
        if (request.status() != RequestStatus.IN_PROGRESS) {
            throw new StewardException(ErrorCode.REQUEST_CLOSED, id, request.status().key());
        }
        return finish(actor, id);
    }

    /** Runs the fulfilment and records the outcome; a store that cannot be reached leaves it retryable. */
    private DsrRequest finish(String actor, String id) {
        DsrRequest request = get(id);
        setStatus(actor, id, RequestStatus.IN_PROGRESS, Map.of());
        Fulfilment.Outcome outcome;
        try {
            outcome = fulfilment.fulfil(actor, request, details(id));
        } catch (StewardException e) {
            if (e.code() != ErrorCode.CONNECTOR_UNAVAILABLE) {
                throw e;
            }
            database.write(handle -> {
                handle.createUpdate("UPDATE dsr_request SET result = :r WHERE id = :id").bind("r", json(Map.of("retry",
                        true, "error", e.getMessage()))).bind("id", id).execute();
                return audit.append(handle, AuditEvent.of(actor, "request.connector_failed", request.subjectId(),
                        "retryable", Map.of("request", id)));
            });
            return get(id);
        }
        database.write(handle -> {
            handle.createUpdate("UPDATE dsr_request SET status = :s, result = :r, completed_at = :t, denied_reason = :d "
                    + "WHERE id = :id").bind("s", outcome.status().key()).bind("r", json(outcome.result()))
                    .bind("t", clock.instant().toString()).bind("d", outcome.deniedReason()).bind("id", id).execute();
            return audit.append(handle, AuditEvent.of(actor, "request." + outcome.status().key(), request.subjectId(),
                    "ok", Map.of("request", id, "type", request.type().key())));
        });
        return get(id);
    }

    public DsrRequest get(String id) {
        return queue.get(id);
    }

    private Map<String, Object> row(String id) {
        return queue.row(id);
    }

    private static void requireOpen(DsrRequest request) {
        RequestQueue.requireOpen(request);
    }

    Map<String, String> details(String id) {
        try {
            return JSON.readValue((String) row(id).get("details"), new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored request details are not JSON", e);
        }
    }

    private Optional<DsrRequest> openDuplicate(String index, RequestType type) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT * FROM dsr_request WHERE identity_index "
                + "= :i AND type = :t AND status IN ('received', 'identity_verified', 'in_progress', 'extended') ORDER "
                + "BY created_at LIMIT 1").bind("i", index).bind("t", type.key()).mapToMap().findOne())
                .map(RequestQueue::view);
    }

    private void setStatus(String actor, String id, RequestStatus status, Map<String, Object> detail) {
        database.write(handle -> {
            handle.createUpdate("UPDATE dsr_request SET status = :s WHERE id = :id").bind("s", status.key())
                    .bind("id", id).execute();
            return transition(handle, actor, id, status.key(), detail);
        });
    }

    private void transition(String actor, String id, String what, Map<String, Object> detail) {
        database.write(handle -> transition(handle, actor, id, what, detail));
    }

    private Object transition(Handle handle, String actor, String id, String what, Map<String, Object> detail) {
        Map<String, Object> all = new LinkedHashMap<>(detail);
        all.put("request", id);
        String subject = handle.createQuery("SELECT subject_id FROM dsr_request WHERE id = :id").bind("id", id)
                .mapTo(String.class).findOne().orElse(null);
        return audit.append(handle, AuditEvent.of(actor, "request." + what, subject, "ok", all));
    }

    private String language(NewRequest request) {
        List<String> languages = policy.get().meta().languages();
        return request.language() != null && languages.contains(request.language()) ? request.language()
                : policy.get().meta().prevailingLanguage();
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("result is not JSON", e);
        }
    }


}
