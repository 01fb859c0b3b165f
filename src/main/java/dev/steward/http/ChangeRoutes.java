package dev.steward.http;

import dev.steward.access.Role;
import dev.steward.changes.Change;
import dev.steward.changes.ChangeLog;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/changes?after=CURSOR&limit=N&wait=SECONDS}: the change feed for applications —
 * consent, preference, restriction, account, erasure, hold and policy events in log order, with opaque
 * subject ids and no personal values. Long-polls up to {@code wait} seconds when nothing is new;
 * resumable from any {@code next} it returned.
 */
final class ChangeRoutes {
    static final int MAX_WAIT_SECONDS = 25;
    private final ChangeLog changes;

    ChangeRoutes(ChangeLog changes) {
        this.changes = changes;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/changes", this::list, Role.WRITERS);
    }

    private void list(Context ctx) {
        int limit = (int) QueryParams.number(ctx, "limit", 1, 1_000, 100);
        int wait = (int) QueryParams.number(ctx, "wait", 0, MAX_WAIT_SECONDS, 20);
        ChangeLog.Page page = changes.page(ctx.queryParam("after"), limit, Duration.ofSeconds(wait));
        List<Map<String, Object>> events = page.changes().stream().map(Change::event).toList();
        ctx.json(Map.of("changes", events, "next", page.next()));
    }
}
