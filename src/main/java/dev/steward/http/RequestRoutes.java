package dev.steward.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.access.Role;
import dev.steward.dsr.CcpaMetrics;
import dev.steward.dsr.Certificates;
import dev.steward.dsr.Exports;
import dev.steward.dsr.NewRequest;
import dev.steward.dsr.RequestQueue;
import dev.steward.dsr.RequestStatus;
import dev.steward.dsr.RequestType;
import dev.steward.dsr.Requests;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.Jurisdiction;
import dev.steward.vault.IdentityKind;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The data-subject request routes: submit, verify, read, queue, extend, deny, export. */
final class RequestRoutes {

    private final Requests requests;
    private final RequestQueue queue;
    private final Exports exports;
    private final Certificates certificates;

    RequestRoutes(Requests requests, RequestQueue queue, Exports exports, Certificates certificates) {
        this.requests = requests;
        this.queue = queue;
        this.exports = exports;
        this.certificates = certificates;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/v1/requests", this::submit, Role.WRITERS);
        routes.post("/api/v1/requests/{id}/verify", this::verify, Role.WRITERS);
        routes.post("/api/v1/requests/{id}/retry", ctx -> ctx.json(requests.retry(SubjectRoutes.actor(ctx),
                ctx.pathParam("id"))), Role.OFFICERS);
        routes.get("/api/v1/requests/{id}", ctx -> ctx.json(requests.get(ctx.pathParam("id"))), Role.READERS);
        routes.get("/api/v1/requests", this::list, Role.STAFF);
        routes.post("/api/v1/requests/{id}/extend", ctx -> ctx.json(queue.extend(SubjectRoutes.actor(ctx),
                ctx.pathParam("id"), reason(ctx))), Role.OFFICERS);
        routes.post("/api/v1/requests/{id}/deny", ctx -> ctx.json(queue.deny(SubjectRoutes.actor(ctx),
                ctx.pathParam("id"), reason(ctx))), Role.OFFICERS);
        routes.get("/api/v1/requests/{id}/export", this::export, Role.WRITERS);
        routes.get("/api/v1/requests/{id}/certificate", ctx -> ctx.json(certificates.issue(SubjectRoutes.actor(ctx),
                ctx.pathParam("id"))), Role.WRITERS);
        routes.get("/api/v1/subjects/{id}/certificate", ctx -> ctx.json(certificates.issueForSubject(
                SubjectRoutes.actor(ctx), ctx.pathParam("id"))), Role.WRITERS);
        routes.get("/api/v1/certificates/key", ctx -> ctx.contentType("application/json")
                .result(certificates.publicKeyset()), Role.ANY);
        routes.get("/api/v1/reports/ccpa-metrics", this::metrics, Role.OFFICERS);
    }

    private void submit(Context ctx) {
        JsonNode body = SubjectRoutes.strict(Json.object(ctx), Set.of("type", "identity", "jurisdiction", "received_at",
                "language", "details"));
        String typeName = Json.text(body, "type");
        RequestType type = RequestType.parse(typeName).orElseThrow(() -> new StewardException(ErrorCode.INVALID_FIELD,
                "type", "expected access, copy, rectify, erase, restrict, object, withdraw_consent, opt_out_sale, "
                + "limit_sensitive or confirm"));
        JsonNode identity = body.get("identity");
        if (identity == null || !identity.isObject() || identity.size() != 1) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "identity", "give exactly one of email, phone, "
                    + "account_id, cookie_id, device_id");
        }
        Map.Entry<String, JsonNode> given = identity.properties().iterator().next();
        IdentityKind kind = IdentityKind.parse(given.getKey()).orElseThrow(() -> new StewardException(
                ErrorCode.INVALID_FIELD, "identity", "a kind of identity this request does not take (not repeated); "
                + "expected email, phone, account_id, cookie_id or device_id"));
        String code = Json.text(body, "jurisdiction");
        if (!Jurisdiction.isValid(code)) {
            throw new StewardException(ErrorCode.UNKNOWN_JURISDICTION);
        }
        Map<String, String> details = new LinkedHashMap<>();
        JsonNode detailNode = body.get("details");
        if (detailNode != null && !detailNode.isNull()) {
            if (!detailNode.isObject()) {
                throw new StewardException(ErrorCode.INVALID_FIELD, "details", "expected an object");
            }
            detailNode.properties().forEach(entry -> details.put(entry.getKey(), entry.getValue().asText()));
        }
        NewRequest request = new NewRequest(type, kind, given.getValue().asText(), Jurisdiction.of(code),
                instant(body, "received_at"), body.hasNonNull("language") ? Json.text(body, "language") : null, details);
        var submitted = requests.submit(SubjectRoutes.actor(ctx), request);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", submitted.id());
        response.put("status", submitted.status());
        response.put("due_at", submitted.dueAt());
        response.put("duplicate", submitted.duplicate());
        if (submitted.deniedReason() != null) {
            response.put("reason", submitted.deniedReason());
        }
        ctx.status(202).json(response);
    }

    private void verify(Context ctx) {
        JsonNode body = SubjectRoutes.strict(Json.object(ctx), Set.of("code", "also"));
        Map<IdentityKind, String> also = new java.util.EnumMap<>(IdentityKind.class);
        JsonNode points = body.get("also");
        if (points != null && points.isObject()) {
            for (Map.Entry<String, JsonNode> point : points.properties()) {
                also.put(IdentityKind.parse(point.getKey()).orElseThrow(() -> new StewardException(
                        ErrorCode.INVALID_FIELD, "also", "a kind of identity this request does not take (not repeated)")),
                        point.getValue().asText());
            }
        }
        ctx.json(requests.verify(SubjectRoutes.actor(ctx), ctx.pathParam("id"), Json.text(body, "code"), also));
    }

    private void list(Context ctx) {
        RequestStatus status = ctx.queryParam("status") == null ? null : RequestStatus.parse(ctx.queryParam("status"))
                .orElseThrow(() -> new StewardException(ErrorCode.INVALID_FIELD, "status", "not a request status"));
        RequestType type = ctx.queryParam("type") == null ? null : RequestType.parse(ctx.queryParam("type"))
                .orElseThrow(() -> new StewardException(ErrorCode.INVALID_FIELD, "type", "not a request type"));
        Instant dueBefore = null;
        if (ctx.queryParam("due_before") != null) {
            dueBefore = parseInstant("due_before", ctx.queryParam("due_before"));
        }
        ctx.json(Map.of("requests", queue.list(status, type, ctx.queryParam("jurisdiction"), dueBefore)));
    }

    private void export(Context ctx) {
        byte[] zip = exports.zip(SubjectRoutes.actor(ctx), ctx.pathParam("id"));
        ctx.contentType("application/zip").header("Content-Disposition", "attachment; filename=\""
                + ctx.pathParam("id") + ".zip\"").result(zip);
    }

    /** CCPA §7102 metrics for {@code year} (default: the current one) as json, csv or md. */
    private void metrics(Context ctx) {
        int year = ctx.queryParam("year") == null ? java.time.Year.now().getValue() : parseYear(ctx.queryParam("year"));
        var rows = CcpaMetrics.compute(queue, year);
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        switch (format) {
            case "json" -> ctx.json(Map.of("year", year, "metrics", rows));
            case "csv" -> ctx.contentType("text/csv; charset=utf-8").result(CcpaMetrics.csv(rows));
            case "md" -> ctx.contentType("text/markdown; charset=utf-8").result(CcpaMetrics.markdown(rows));
            default -> throw new StewardException(ErrorCode.INVALID_FIELD, "format", "expected json, csv or md");
        }
    }

    private static int parseYear(String text) {
        try {
            return java.time.Year.parse(text).getValue();
        } catch (DateTimeParseException e) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "year", "expected a year like 2026");
        }
    }

    private static String reason(Context ctx) {
        return Json.text(SubjectRoutes.strict(Json.object(ctx), Set.of("reason")), "reason");
    }

    private static Instant instant(JsonNode body, String field) {
        return body.hasNonNull(field) ? parseInstant(field, Json.text(body, field)) : null;
    }

    private static Instant parseInstant(String field, String text) {
        try {
            return text.length() == 10 ? Instant.parse(text + "T00:00:00Z") : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new StewardException(ErrorCode.INVALID_FIELD, field, "expected a date or an instant like "
                    + "2026-01-31T10:00:00Z");
        }
    }
}
