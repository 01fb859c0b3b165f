package dev.steward.dsr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.steward.audit.AuditEvent;
import dev.steward.audit.AuditLog;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.Deadline;
import dev.steward.policy.Policy;
import dev.steward.store.Database;
import dev.steward.store.Times;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The request queue as officers work it: read, filter, extend, deny. Needs only the database, the
 * audit log and the policy, so the command line can work the queue beside a running server.
 * Thread-safe.
 */
public final class RequestQueue {
    private final Database database;
    private final AuditLog audit;
    private final Supplier<Policy> policy;
    private final Clock clock;

    public RequestQueue(Database database, AuditLog audit, Supplier<Policy> policy, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
    }

    /** The statuses of an open request, as SQL. */
    static final String OPEN = "('received', 'identity_verified', 'in_progress', 'extended')";

    /** Extends the deadline once, as far as the law allows, with a reason given to the requester. */
    public DsrRequest extend(String actor, String id, String reason) {
        DsrRequest request = get(id);
        requireOpen(request);
        if (request.extendedReason() != null) {
            throw new StewardException(ErrorCode.EXTENSION_NOT_ALLOWED, "the request was extended already");
        }
        Deadline deadline = policy.get().rulesFor(dev.steward.policy.Jurisdiction.of(request.jurisdiction()))
                .deadlineFor(request.type().key()).orElseThrow();
        if (deadline.extension().isZero()) {
            throw new StewardException(ErrorCode.EXTENSION_NOT_ALLOWED, request.jurisdiction() + " allows no extension "
                    + "for " + request.type().key());
        }
        Instant due = Deadlines.extended(deadline, Instant.parse(request.receivedAt()));
        database.write(handle -> {
            // compare-and-set: once, and only while the request is open
            int extended = handle.createUpdate("UPDATE dsr_request SET status = 'extended', due_at = :due, "
                    + "extended_reason = :r WHERE id = :id AND extended_reason IS NULL AND status IN " + OPEN)
                    .bind("due", due).bind("r", reason).bind("id", id).execute();
            if (extended == 0) {
                throw new StewardException(ErrorCode.EXTENSION_NOT_ALLOWED, "the request was extended or closed "
                        + "meanwhile");
            }
            return audit.append(handle, AuditEvent.of(actor, "request.extended", request.subjectId(), "ok",
                    Map.of("request", id, "due_at", due.toString())));
        });
        return get(id);
    }

    /** Denies an open request with the reason the requester is told. */
    public DsrRequest deny(String actor, String id, String reason) {
        DsrRequest request = get(id);
        requireOpen(request);
        database.write(handle -> {
            int denied = handle.createUpdate("UPDATE dsr_request SET status = 'denied', denied_reason = :r, "
                    + "completed_at = :t, code_hash = NULL WHERE id = :id AND status IN " + OPEN).bind("r", reason)
                    .bind("t", clock.instant()).bind("id", id).execute();
            if (denied == 0) {
                throw new StewardException(ErrorCode.REQUEST_CLOSED, id, "closed");
            }
            return audit.append(handle, AuditEvent.of(actor, "request.denied", request.subjectId(), "ok",
                    Map.of("request", id)));
        });
        return get(id);
    }

    public DsrRequest get(String id) {
        return view(row(id));
    }

    /** The queue: filters are optional (null). */
    public List<DsrRequest> list(RequestStatus status, RequestType type, String jurisdiction, Instant dueBefore) {
        StringBuilder sql = new StringBuilder("SELECT * FROM dsr_request WHERE 1 = 1");
        Map<String, Object> binds = new LinkedHashMap<>();
        if (status != null) {
            sql.append(" AND status = :status");
            binds.put("status", status.key());
        }
        if (type != null) {
            sql.append(" AND type = :type");
            binds.put("type", type.key());
        }
        if (jurisdiction != null) {
            sql.append(" AND jurisdiction = :j");
            binds.put("j", jurisdiction);
        }
        if (dueBefore != null) {
            sql.append(" AND due_at < :due");
            binds.put("due", dueBefore);
        }
        sql.append(" ORDER BY due_at, id LIMIT 1000");
        return database.jdbi().withHandle(handle -> handle.createQuery(sql.toString()).bindMap(binds).mapToMap()
                .list()).stream().map(RequestQueue::view).toList();
    }

    /** How many requests are in each status (for the request gauges); statuses with none are absent. */
    public java.util.Map<RequestStatus, Long> countsByStatus() {
        java.util.Map<RequestStatus, Long> counts = new java.util.EnumMap<>(RequestStatus.class);
        database.read(handle -> handle.createQuery("SELECT status, COUNT(*) FROM dsr_request GROUP BY status")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2))).list())
                .forEach(row -> RequestStatus.parse(row.getKey()).ifPresent(status -> counts.put(status, row.getValue())));
        return counts;
    }

    /** Open requests whose deadline has passed at {@code now}. */
    public long overdue(Instant now) {
        return database.read(handle -> handle.createQuery("SELECT COUNT(*) FROM dsr_request WHERE status IN " + OPEN
                + " AND due_at < :now").bind("now", now).mapTo(Long.class).one());
    }

    /** All requests, for metrics. */
    /**
     * The requests of {@code jurisdiction} received in {@code year} (UTC), with only what the CCPA metrics
     * count: type, status and the two times. Read as they stream, one light row each.
     */
    public List<CcpaMetrics.Counted> receivedIn(String jurisdiction, int year) {
        java.time.Instant from = java.time.LocalDate.of(year, 1, 1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        java.time.Instant to = java.time.LocalDate.of(year + 1, 1, 1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        return database.read(handle -> handle.createQuery("SELECT type, status, received_at, completed_at FROM "
                + "dsr_request WHERE jurisdiction = :j AND received_at >= :from AND received_at < :to")
                .bind("j", jurisdiction).bind("from", from).bind("to", to)
                .map((rs, ctx) -> new CcpaMetrics.Counted(RequestType.parse(rs.getString(1)).orElse(null),
                        RequestStatus.parse(rs.getString(2)).orElse(null), Times.of(rs.getObject(3)),
                        rs.getObject(4) == null ? null : Times.of(rs.getObject(4)))).list());
    }

    public List<DsrRequest> all() {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT * FROM dsr_request ORDER BY received_at, id")
                .mapToMap().list()).stream().map(RequestQueue::view).toList();
    }

    static void requireOpen(DsrRequest request) {
        if (!request.status().isOpen()) {
            throw new StewardException(ErrorCode.REQUEST_CLOSED, request.id(), request.status().key());
        }
    }

    Map<String, Object> row(String id) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT * FROM dsr_request WHERE id = :id")
                .bind("id", id).mapToMap().findOne())
                .orElseThrow(() -> new StewardException(ErrorCode.UNKNOWN_REQUEST, id));
    }

    static DsrRequest view(Map<String, Object> row) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (row.get("result") != null) {
            try {
                result = Requests.JSON.readValue((String) row.get("result"), new TypeReference<LinkedHashMap<String, Object>>() { });
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored result is not JSON", e);
            }
        }
        return new DsrRequest((String) row.get("id"), (String) row.get("subject_id"),
                RequestType.parse((String) row.get("type")).orElseThrow(), (String) row.get("jurisdiction"),
                (String) row.get("language"), RequestStatus.parse((String) row.get("status")).orElseThrow(),
                Times.text(row.get("received_at")), Times.text(row.get("due_at")), Times.text(row.get("acknowledge_by")),
                (String) row.get("extended_reason"), (String) row.get("denied_reason"), result,
                Times.text(row.get("completed_at")), false);
    }
}
