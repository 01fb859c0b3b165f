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
import dev.steward.store.Times;
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
        dev.steward.policy.Jurisdiction governing = subjects.governing(request.jurisdiction());
        JurisdictionRules rules = policy.get().rulesFor(governing);
        Deadline deadline = rules.deadlineFor(request.type().key())
                .or(() -> policy.get().rulesFor(dev.steward.policy.Jurisdiction.DEFAULT).deadlineFor("default"))
                .orElseThrow();
        Instant received = Times.stored(request.receivedAt() == null ? clock.instant() : request.receivedAt());
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
        String denied = offered ? null : "not_offered_in_jurisdiction: " + governing + " offers "
                + rules.rights().stream().map(right -> right.key()).toList();
        String details = fulfilment.storedDetails(request, subject);
        database.write(handle -> {
            requireUnderDailyLimit(handle, index);
            handle.createUpdate("INSERT INTO dsr_request (id, subject_id, type, jurisdiction, language, status, "
                    + "identity_kind, identity_index, received_at, due_at, acknowledge_by, denied_reason, details, "
                    + "code_hash, code_salt, code_expires_at, code_attempts, completed_at, created_at) VALUES (:id, :s, "
                    + ":type, :j, :lang, :status, :kind, :index, :received, :due, :ack, :denied, :details, :hash, :salt, "
                    + ":expires, 0, :completed, :now)").bind("id", id).bind("s", subject.orElse(null))
                    .bind("type", request.type().key()).bind("j", governing.value())
                    .bind("lang", language(request)).bind("status", status.key())
                    .bind("kind", request.identityKind().key()).bind("index", index)
                    .bind("received", received).bind("due", Deadlines.due(deadline, received))
                    .bind("ack", Deadlines.acknowledgeBy(deadline, received)).bind("denied", denied).bind("details", details)
                    .bind("hash", code == null ? null : VerificationCodes.hash(salt, code)).bind("salt", salt)
                    .bind("expires", code == null ? null : clock.instant().plusSeconds(VerificationCodes.VALID_SECONDS))
                    .bind("completed", offered ? null : clock.instant()).bind("now", clock.instant()).execute();
            return audit.append(handle, new AuditEvent(actor, "request." + status.key(), subject.orElse(null), null,
                    "ok", Map.of("request", id, "type", request.type().key())));
        });
        if (code != null) {
            try {
                sendCode(id, subject, address, code, Deadlines.due(deadline, received));
            } catch (RuntimeException e) {
                // the code never left: expire it, so that the person's retry sends a fresh one
                database.write(handle -> handle.createUpdate("UPDATE dsr_request SET code_expires_at = :t WHERE id = "
                        + ":id").bind("t", clock.instant().minusSeconds(1)).bind("id", id).execute());
                throw e;
            }
        } else if (offered) {
            return finish(actor, id, RequestStatus.IN_PROGRESS);
        }
        return get(id);
    }

    /**
     * Refuses a new request when the identifier started {@value VerificationCodes#MAX_NEW_PER_DAY} in the
     * last 24 hours (counted in the inserting transaction, so parallel submissions cannot pass it).
     */
    private void requireUnderDailyLimit(Handle handle, String index) {
        Instant since = clock.instant().minus(java.time.Duration.ofDays(1));
        long recent = handle.createQuery("SELECT created_at FROM dsr_request WHERE identity_index = :i")
                .bind("i", index).mapTo(Instant.class).stream().filter(at -> at.isAfter(since))
                .count();
        if (recent >= VerificationCodes.MAX_NEW_PER_DAY) {
            throw new StewardException(ErrorCode.RATE_LIMITED, "requests for this identifier in 24 hours");
        }
    }

    /** A repeated request whose code expired (and is not locked) gets a fresh code. */
    private void resendIfExpired(DsrRequest request, String givenAddress) {
        Map<String, Object> row = row(request.id());
        if (request.status() != RequestStatus.RECEIVED || row.get("code_expires_at") == null
                || ((Number) row.get("code_attempts")).intValue() >= VerificationCodes.MAX_ATTEMPTS
                || Times.of(row.get("code_expires_at")).isAfter(clock.instant())) {
            return;
        }
        String code = VerificationCodes.newCode();
        String salt = VerificationCodes.newSalt();
        database.write(handle -> handle.createUpdate("UPDATE dsr_request SET code_hash = :h, code_salt = :s, "
                + "code_expires_at = :e WHERE id = :id").bind("h", VerificationCodes.hash(salt, code)).bind("s", salt)
                .bind("e", clock.instant().plusSeconds(VerificationCodes.VALID_SECONDS))
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
        Check check = database.write(handle -> check(handle, actor, request, code, also));
        return switch (check) {
            case VERIFIED -> finish(actor, id, RequestStatus.IDENTITY_VERIFIED);
            case NOT_WAITING -> notWaiting(get(id));
            case EXPIRED -> throw new StewardException(ErrorCode.VERIFICATION_EXPIRED);
            case SECOND_FACTOR_MISSING -> throw new StewardException(ErrorCode.SECOND_FACTOR_REQUIRED);
            case LOCKED -> throw new StewardException(ErrorCode.VERIFICATION_LOCKED);
            case WRONG -> throw new StewardException(ErrorCode.VERIFICATION_FAILED, Math.max(1,
                    VerificationCodes.MAX_ATTEMPTS - attempts(id)));
        };
    }

    /** The answer to a code for a request that no longer waits for one. */
    private static DsrRequest notWaiting(DsrRequest request) {
        if (request.status() == RequestStatus.DENIED && VerificationCodes.LOCKED.equals(request.deniedReason())) {
            throw new StewardException(ErrorCode.VERIFICATION_LOCKED);
        }
        requireOpen(request);
        return request;
    }

    private enum Check { VERIFIED, WRONG, LOCKED, EXPIRED, SECOND_FACTOR_MISSING, NOT_WAITING }

    /**
     * One attempt, in one transaction: the attempt is counted first and only while the request still
     * waits for its code and has attempts left (compare-and-set), so parallel guesses cannot exceed the
     * limit; the last wrong code ends the request; a right one moves it to identity_verified once.
     */
    private Check check(Handle handle, String actor, DsrRequest request, String code,
                        Map<dev.steward.vault.IdentityKind, String> also) {
        String id = request.id();
        int counted = handle.createUpdate("UPDATE dsr_request SET code_attempts = code_attempts + 1 WHERE id = :id "
                + "AND status IN ('received', 'extended') AND code_hash IS NOT NULL AND code_attempts < :max").bind("id", id)
                .bind("max", VerificationCodes.MAX_ATTEMPTS).execute();
        if (counted == 0) {
            return Check.NOT_WAITING;
        }
        Map<String, Object> row = handle.createQuery("SELECT code_hash, code_salt, code_expires_at, code_attempts "
                + "FROM dsr_request WHERE id = :id").bind("id", id).mapToMap().one();
        int attempt = ((Number) row.get("code_attempts")).intValue();
        if (Times.of(row.get("code_expires_at")).isBefore(clock.instant())) {
            // an expired code is not a guess: the attempt is given back
            handle.createUpdate("UPDATE dsr_request SET code_attempts = code_attempts - 1 WHERE id = :id")
                    .bind("id", id).execute();
            transition(handle, actor, id, "verification_expired", Map.of());
            return Check.EXPIRED;
        }
        if (!VerificationCodes.matches((String) row.get("code_salt"), (String) row.get("code_hash"), code)) {
            audit.append(handle, AuditEvent.of(actor, "request.verification_failed", request.subjectId(), "denied",
                    Map.of("request", id, "attempt", attempt)));
            if (attempt < VerificationCodes.MAX_ATTEMPTS) {
                return Check.WRONG;
            }
            // Locked requests end, so that a stranger who knows someone's address cannot hold their request
            // open; the person may start again (new requests per identifier are limited per day).
            handle.createUpdate("UPDATE dsr_request SET status = :s, code_hash = NULL, denied_reason = :r, "
                    + "completed_at = :t WHERE id = :id AND code_hash IS NOT NULL").bind("s", RequestStatus.DENIED.key())
                    .bind("r", VerificationCodes.LOCKED).bind("t", clock.instant()).bind("id", id)
                    .execute();
            transition(handle, actor, id, "denied", Map.of("reason", VerificationCodes.LOCKED));
            return Check.LOCKED;
        }
        if (request.type() == RequestType.COPY && request.subjectId() != null
                && !secondPointMatches(handle, request, also)) {
            handle.createUpdate("UPDATE dsr_request SET code_attempts = code_attempts - 1 WHERE id = :id")
                    .bind("id", id).execute();
            return Check.SECOND_FACTOR_MISSING;
        }
        int verified = handle.createUpdate("UPDATE dsr_request SET status = :s, code_hash = NULL WHERE id = :id AND "
                + "code_hash IS NOT NULL").bind("s", RequestStatus.IDENTITY_VERIFIED.key()).bind("id", id).execute();
        if (verified == 0) {
            return Check.NOT_WAITING;
        }
        audit.append(handle, AuditEvent.of(actor, "request.identity_verified", request.subjectId(), "ok",
                Map.of("request", id)));
        return Check.VERIFIED;
    }

    private int attempts(String id) {
        return ((Number) row(id).get("code_attempts")).intValue();
    }

    private boolean secondPointMatches(Handle handle, DsrRequest request,
                                       Map<dev.steward.vault.IdentityKind, String> also) {
        String kind = handle.createQuery("SELECT identity_kind FROM dsr_request WHERE id = :id")
                .bind("id", request.id()).mapTo(String.class).one();
        for (Map.Entry<dev.steward.vault.IdentityKind, String> point : also.entrySet()) {
            if (point.getKey().key().equals(kind)) {
                continue;
            }
            String index = subjects.identityIndex(point.getKey(), point.getValue(),
                    dev.steward.policy.Jurisdiction.of(request.jurisdiction()));
            boolean known = handle.createQuery("SELECT COUNT(*) FROM identity WHERE subject_id = :s AND kind = :k AND "
                    + "blind_index = :i").bind("s", request.subjectId()).bind("k", point.getKey().key())
                    .bind("i", index).mapTo(Integer.class).one() > 0;
            if (known) {
                return true;
            }
        }
        return false;
    }

    /** Runs the fulfilment again for a request an unreachable external store left in progress. */
    public DsrRequest retry(String actor, String id) {
        DsrRequest request = get(id);
        if (request.status() != RequestStatus.IN_PROGRESS && request.status() != RequestStatus.EXTENDED) {
            throw new StewardException(ErrorCode.REQUEST_CLOSED, id, request.status().key());
        }
        // Only a request a connector failure left retryable is claimed, by one retry at a time.
        int claimed = database.write(handle -> handle.createUpdate("UPDATE dsr_request SET result = NULL WHERE id = :id "
                + "AND status IN ('in_progress', 'extended') AND result IS NOT NULL").bind("id", id).execute());
        if (claimed == 0) {
            return get(id);
        }
        return finish(actor, id, null);
    }

    /** A waiting request's place in the retry order: due date, then id. */
    public record Waiting(java.time.Instant dueAt, String id) { }

    /** What one round of retries did: how many requests ended, and the last one it tried (null: none). */
    public record Retried(int ended, Waiting last) { }

    /**
     * Retries the requests a connector failure left waiting, as {@link #retry} does one: at most {@code limit},
     * in order of due date, starting after {@code after} (null: from the earliest due) and going round to the
     * earliest again when none is left after it, so that requests still failing do not keep the others from
     * their turn. Run by {@code serve} every few minutes on one node at a time ({@link Retries}); a store
     * still down leaves its request waiting for the next round.
     */
    public Retried retryWaiting(String actor, int limit, Waiting after) {
        List<Waiting> waiting = after == null ? List.of() : waiting("AND (due_at > :d OR (due_at = :d AND id > :i))",
                after, limit);
        if (waiting.isEmpty()) {
            waiting = waiting("", null, limit);
        }
        int ended = 0;
        for (Waiting request : waiting) {
            try {
                RequestStatus status = retry(actor, request.id()).status();
                if (status != RequestStatus.IN_PROGRESS && status != RequestStatus.EXTENDED) {
                    ended++;
                }
            } catch (RuntimeException e) {
                // one request that cannot be finished (closed meanwhile, a failure) does not hold up the rest
                org.slf4j.LoggerFactory.getLogger(Requests.class).warn("retrying request {} failed: {}", request.id(),
                        e instanceof StewardException known ? known.code().code() : e.getClass().getSimpleName());
            }
        }
        return new Retried(ended, waiting.isEmpty() ? null : waiting.get(waiting.size() - 1));
    }

    private List<Waiting> waiting(String after, Waiting from, int limit) {
        return database.read(handle -> {
            var query = handle.createQuery("SELECT id, due_at FROM dsr_request WHERE status IN ('in_progress', "
                    + "'extended') AND result IS NOT NULL " + after + " ORDER BY due_at, id LIMIT :n").bind("n", limit);
            if (from != null) {
                query.bind("d", from.dueAt()).bind("i", from.id());
            }
            return query.map((rs, ctx) -> new Waiting(Times.of(rs.getObject("due_at")), rs.getString("id"))).list();
        });
    }

    /**
     * Runs the fulfilment and records the outcome; a store that cannot be reached leaves it retryable.
     * The request is claimed first by moving it from {@code from} to in_progress (compare-and-set): of
     * two callers only one fulfils; {@code from} null means the caller holds the claim already.
     */
    private DsrRequest finish(String actor, String id, RequestStatus from) {
        DsrRequest request = get(id);
        if (from != null && !claim(actor, id, from)) {
            return get(id);
        }
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
            int ended = handle.createUpdate("UPDATE dsr_request SET status = :s, result = :r, completed_at = :t, "
                    + "denied_reason = :d WHERE id = :id AND status IN ('in_progress', 'extended')").bind("s", outcome.status().key())
                    .bind("r", json(outcome.result())).bind("t", clock.instant())
                    .bind("d", outcome.deniedReason()).bind("id", id).execute();
            if (ended == 0) {
                return null;
            }
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

    /** Moves the request from {@code from} to in_progress; false when another caller did first. */
    private boolean claim(String actor, String id, RequestStatus from) {
        return database.write(handle -> {
            int moved = handle.createUpdate("UPDATE dsr_request SET status = :s WHERE id = :id AND status = :from")
                    .bind("s", RequestStatus.IN_PROGRESS.key()).bind("from", from.key()).bind("id", id).execute();
            if (moved == 1) {
                transition(handle, actor, id, RequestStatus.IN_PROGRESS.key(), Map.of());
            }
            return moved == 1;
        });
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
