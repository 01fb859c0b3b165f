package dev.steward.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.access.Role;
import dev.steward.error.DidYouMean;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.CategoryKey;
import dev.steward.policy.Policy;
import dev.steward.retention.RetentionSweep;
import dev.steward.vault.Accounts;
import dev.steward.vault.LegalHolds;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Account lifecycle ({@code …/close}, {@code …/reopen}), legal holds ({@code …/holds}, {@code
 * /api/v1/holds/{hold}/release}) and {@code POST /api/v1/retention/run}.
 */
final class AccountRoutes {
    private final Accounts accounts;
    private final LegalHolds holds;
    private final RetentionSweep sweep;
    private final Supplier<Policy> policy;

    private final dev.steward.vault.Erasure erasure;

    AccountRoutes(Accounts accounts, LegalHolds holds, RetentionSweep sweep, Supplier<Policy> policy,
                  dev.steward.vault.Erasure erasure) {
        this.erasure = erasure;
        this.accounts = accounts;
        this.holds = holds;
        this.sweep = sweep;
        this.policy = policy;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/v1/subjects/{id}/close", this::close, Role.WRITERS);
        routes.post("/api/v1/subjects/{id}/reopen", ctx -> {
            accounts.reopen(SubjectRoutes.actor(ctx), ctx.pathParam("id"));
            ctx.status(204);
        }, Role.WRITERS);
        routes.post("/api/v1/retention/run", this::run, Role.ADMIN);
        routes.delete("/api/v1/subjects/{id}/records/{record}", ctx -> {
            erasure.deleteRecord(SubjectRoutes.actor(ctx), ctx.pathParam("id"), ctx.pathParam("record"));
            ctx.status(204);
        }, Role.WRITERS);
        routes.post("/api/v1/subjects/{id}/holds", this::placeHold, Role.OFFICERS);
        routes.get("/api/v1/subjects/{id}/holds", ctx -> ctx.json(Map.of("holds", holds.list(ctx.pathParam("id")))),
                Role.STAFF);
        routes.post("/api/v1/holds/{hold}/release", ctx -> ctx.json(holds.release(SubjectRoutes.actor(ctx),
                ctx.pathParam("hold"))), Role.OFFICERS);
    }

    private void placeHold(Context ctx) {
        JsonNode body = SubjectRoutes.strict(Json.object(ctx), Set.of("reason", "categories", "until"));
        String reason = Json.text(body, "reason");
        List<CategoryKey> categories = new ArrayList<>();
        JsonNode listed = body.get("categories");
        if (listed != null && !listed.isNull()) {
            if (!listed.isArray() || listed.isEmpty()) {
                throw new StewardException(ErrorCode.INVALID_FIELD, "categories", "expected a non-empty list of "
                        + "categories, or [\"*\"] for all");
            }
            for (JsonNode item : listed) {
                if (item.isTextual() && "*".equals(item.asText())) {
                    categories.clear();
                    break;
                }
                categories.add(declared(item));
            }
        }
        Optional<Instant> until = Optional.empty();
        if (body.hasNonNull("until")) {
            until = Optional.of(instant(Json.text(body, "until"), "until"));
        }
        ctx.status(201).json(holds.place(SubjectRoutes.actor(ctx), ctx.pathParam("id"), reason, categories, until));
    }

    private CategoryKey declared(JsonNode item) {
        String text = item.isTextual() ? item.asText() : item.toString();
        List<String> known = policy.get().categories().keySet().stream().map(CategoryKey::value).toList();
        // A group such as "contact" names every declared category within it.
        if (!CategoryKey.isValid(text) || policy.get().categories().keySet().stream()
                .noneMatch(category -> category.isWithin(CategoryKey.of(text)))) {
            throw new StewardException(ErrorCode.UNKNOWN_CATEGORY, text, DidYouMean.hint(text, known));
        }
        return CategoryKey.of(text);
    }

    private static Instant instant(String text, String field) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new StewardException(ErrorCode.INVALID_FIELD, field, "expected an instant like 2026-01-31T10:00:00Z");
        }
    }

    private void close(Context ctx) {
        Instant effective = null;
        if (!ctx.body().isBlank()) {
            JsonNode body = SubjectRoutes.strict(Json.object(ctx), Set.of("effective_at"));
            if (body.hasNonNull("effective_at")) {
                effective = instant(Json.text(body, "effective_at"), "effective_at");
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
