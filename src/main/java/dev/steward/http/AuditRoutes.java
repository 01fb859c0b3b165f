package dev.steward.http;

import dev.steward.access.Role;
import dev.steward.audit.AuditLog;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/** {@code GET /api/v1/audit} (entries, optionally of one subject) and {@code GET /api/v1/audit/verify}. */
final class AuditRoutes {
    private final AuditLog audit;

    AuditRoutes(AuditLog audit) {
        this.audit = audit;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/audit", this::list, Role.ADMIN, Role.OFFICER);
        routes.get("/api/v1/audit/verify", ctx -> ctx.json(audit.verify()), Role.ADMIN, Role.OFFICER);
    }

    private void list(Context ctx) {
        long after = QueryParams.number(ctx, "after", 0, Long.MAX_VALUE, 0);
        int limit = (int) QueryParams.number(ctx, "limit", 1, 1000, 100);
        var entries = audit.list(ctx.queryParam("subject"), after, limit);
        ctx.json(Map.of("entries", entries, "next_after", entries.isEmpty() ? after
                : entries.get(entries.size() - 1).seq()));
    }
}
