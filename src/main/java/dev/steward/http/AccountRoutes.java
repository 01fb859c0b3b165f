package dev.steward.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.access.Role;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.retention.RetentionSweep;
import dev.steward.vault.Accounts;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** Account lifecycle ({@code …/close}, {@code …/reopen}) and {@code POST /api/v1/retention/run}. */
final class AccountRoutes {
    private final Accounts accounts;
    private final RetentionSweep sweep;

    AccountRoutes(Accounts accounts, RetentionSweep sweep) {
        this.accounts = accounts;
        this.sweep = sweep;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/v1/subjects/{id}/close", this::close, Role.ADMIN, Role.OFFICER, Role.SERVICE);
        routes.post("/api/v1/subjects/{id}/reopen", ctx -> {
            accounts.reopen(SubjectRoutes.actor(ctx), ctx.pathParam("id"));
            ctx.status(204);
        }, Role.ADMIN, Role.OFFICER, Role.SERVICE);
        routes.post("/api/v1/retention/run", this::run, Role.ADMIN);
    }

    private void close(Context ctx) {
        Instant effective = null;
        if (!ctx.body().isBlank()) {
            JsonNode body = SubjectRoutes.strict(Json.object(ctx), Set.of("effective_at"));
            if (body.hasNonNull("effective_at")) {
                try {
                    effective = Instant.parse(Json.text(body, "effective_at"));
                } catch (DateTimeParseException e) {
                    throw new StewardException(ErrorCode.INVALID_FIELD, "effective_at", "expected an instant like "
                            + "2026-01-31T10:00:00Z");
                }
            }
        }
        accounts.close(SubjectRoutes.actor(ctx), ctx.pathParam("id"), effective);
        ctx.status(204);
    }

    private void run(Context ctx) {
        boolean dryRun = false;
        if (!ctx.body().isBlank()) {
            JsonNode body = SubjectRoutes.strict(Json.object(ctx), Set.of("dry_run"));
            dryRun = body.path("dry_run").asBoolean(false);
        }
        ctx.json(sweep.run(SubjectRoutes.actor(ctx), dryRun));
    }
}
