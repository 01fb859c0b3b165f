package dev.steward.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.access.ApiKeys;
import dev.steward.access.IssuedKey;
import dev.steward.access.Role;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.Policy;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The {@code /api/v1} routes of the foundation: the policy in force and API-key administration. */
final class ApiRoutes {
    private final Supplier<Policy> policy;
    private final ApiKeys keys;

    ApiRoutes(Supplier<Policy> policy, ApiKeys keys) {
        this.policy = policy;
        this.keys = keys;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/policy", this::policy, Role.ANY);
        routes.get("/api/v1/keys", ctx -> ctx.json(Map.of("keys", keys.list())), Role.ADMIN);
        routes.post("/api/v1/keys", this::issueKey, Role.ADMIN);
        routes.delete("/api/v1/keys/{id}", this::revokeKey, Role.ADMIN);
    }

    private void policy(Context ctx) {
        Policy inForce = policy.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", inForce.meta().id());
        body.put("version", inForce.meta().version());
        body.put("policy", inForce);
        ctx.json(body);
    }

    private void issueKey(Context ctx) {
        JsonNode body = Json.object(ctx);
        String roleName = Json.text(body, "role");
        Role role = Role.parse(roleName).orElseThrow(() -> new StewardException(ErrorCode.INVALID_FIELD, "role",
                "expected admin, officer, agent or service"));
        String name = body.hasNonNull("name") ? Json.text(body, "name") : role.key();
        if (name.isBlank() || name.length() > 100) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "name", "expected 1 to 100 characters");
        }
        IssuedKey issued = keys.issue(SubjectRoutes.actor(ctx), role, name);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", issued.key().id());
        response.put("name", issued.key().name());
        response.put("role", issued.key().role());
        response.put("key", issued.secret());
        ctx.status(201).json(response);
    }

    private void revokeKey(Context ctx) {
        if (!keys.revoke(SubjectRoutes.actor(ctx), ctx.pathParam("id"))) {
            throw new StewardException(ErrorCode.NOT_FOUND, "no API key has this id");
        }
        ctx.status(204);
    }
}
