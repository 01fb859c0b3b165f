package dev.steward.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.access.Role;
import dev.steward.consent.ChoiceMethod;
import dev.steward.consent.ChoiceNames;
import dev.steward.consent.Choices;
import dev.steward.decision.Decision;
import dev.steward.decision.DecisionEngine;
import dev.steward.decision.DecisionRequest;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.CategoryKey;
import dev.steward.policy.PurposeKey;
import dev.steward.policy.RecipientKey;
import dev.steward.versions.Activation;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Consents, preferences, Global Privacy Control and decisions: {@code PUT …/consents/{purpose}},
 * {@code GET …/consents}, {@code PUT …/preferences/{name}}, {@code POST /api/v1/gpc}, {@code POST
 * /api/v1/decisions} and {@code /batch}. A request carrying {@code Sec-GPC: 1} about a subject also
 * records the subject's opt-out of sale and sharing.
 */
final class ChoiceRoutes {
    private static final int MAX_BATCH = 10_000;
    static final List<String> GPC_OPT_OUTS = List.of(ChoiceNames.SALE_SHARING, ChoiceNames.INTEREST_BASED_ADS);

    private final Choices choices;
    private final DecisionEngine decisions;
    private final Activation activation;

    private final dev.steward.metrics.StewardMetrics metrics;

    ChoiceRoutes(Choices choices, DecisionEngine decisions, Activation activation,
                 dev.steward.metrics.StewardMetrics metrics) {
        this.metrics = metrics;
        this.choices = choices;
        this.decisions = decisions;
        this.activation = activation;
    }

    void register(RoutesConfig routes) {
        routes.put("/api/v1/subjects/{id}/consents/{purpose}", this::consent, Role.WRITERS);
        routes.get("/api/v1/subjects/{id}/consents", this::list, Role.READERS);
        routes.put("/api/v1/subjects/{id}/preferences/{name}", this::preference, Role.WRITERS);
        routes.post("/api/v1/subjects/{id}/gpc", this::gpc, Role.WRITERS);
        routes.put("/api/v1/subjects/{id}/policy/{version}", this::policyChoice, Role.WRITERS);
        routes.post("/api/v1/decisions", this::decide, Role.WRITERS);
        routes.post("/api/v1/decisions/batch", this::batch, Role.WRITERS);
    }

    private void consent(Context ctx) {
        JsonNode body = SubjectRoutes.strict(Json.object(ctx), Set.of("granted", "method", "notice_version"));
        JsonNode granted = body.get("granted");
        if (granted == null || !granted.isBoolean()) {
            throw new StewardException(ErrorCode.MISSING_FIELD, "granted");
        }
        String purpose = ctx.pathParam("purpose");
        if (!PurposeKey.isValid(purpose)) {
            throw new StewardException(ErrorCode.UNKNOWN_PURPOSE, purpose, "");
        }
        honourGpc(ctx);
        ctx.json(choices.set(SubjectRoutes.actor(ctx), ctx.pathParam("id"), ChoiceNames.consent(PurposeKey.of(purpose)),
                granted.asBoolean() ? "granted" : "withdrawn", method(body), optional(body, "notice_version")));
    }

    private void preference(Context ctx) {
        JsonNode body = SubjectRoutes.strict(Json.object(ctx), Set.of("value", "method", "notice_version"));
        JsonNode value = body.get("value");
        if (value == null || value.isNull()) {
            throw new StewardException(ErrorCode.MISSING_FIELD, "value");
        }
        honourGpc(ctx);
        ctx.json(choices.set(SubjectRoutes.actor(ctx), ctx.pathParam("id"), ctx.pathParam("name"), value.asText(),
                method(body), optional(body, "notice_version")));
    }

    private void list(Context ctx) {
        String id = ctx.pathParam("id");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", id);
        body.put("choices", choices.current(id));
        if ("true".equals(ctx.queryParam("history"))) {
            body.put("history", choices.history(id));
        }
        ctx.json(body);
    }

    private void gpc(Context ctx) {
        if (!"1".equals(ctx.header("Sec-GPC"))) {
            throw new StewardException(ErrorCode.MISSING_FIELD, "Sec-GPC: 1 header");
        }
        ctx.json(Map.of("choices", choices.applyGpc(SubjectRoutes.actor(ctx), ctx.pathParam("id"), GPC_OPT_OUTS)));
    }

    /** Any write about a subject that carries Sec-GPC: 1 records the opt-out too (CCPA regulations §7025). */
    private void honourGpc(Context ctx) {
        if ("1".equals(ctx.header("Sec-GPC"))) {
            choices.applyGpc(SubjectRoutes.actor(ctx), ctx.pathParam("id"), GPC_OPT_OUTS);
        }
    }

    /** The subject's answer to the notice of a material policy change. */
    private void policyChoice(Context ctx) {
        JsonNode body = SubjectRoutes.strict(Json.object(ctx), Set.of("accepted"));
        JsonNode accepted = body.get("accepted");
        if (accepted == null || !accepted.isBoolean()) {
            throw new StewardException(ErrorCode.MISSING_FIELD, "accepted");
        }
        activation.choose(SubjectRoutes.actor(ctx), ctx.pathParam("id"), ctx.pathParam("version"), accepted.asBoolean());
        ctx.status(204);
    }

    private void decide(Context ctx) {
        Map<String, Object> result = answer(check(SubjectRoutes.strict(Json.object(ctx), CHECK_FIELDS)));
        counted(result);
        ctx.json(result);
    }

    /** Counts an answered decision (after the whole request succeeded, so a refused batch counts nothing). */
    private void counted(Map<String, Object> result) {
        metrics.decided((Boolean) result.get("allowed"), (String) result.get("reason"));
    }

    private void batch(Context ctx) {
        JsonNode body = SubjectRoutes.strict(Json.object(ctx), Set.of("checks"));
        JsonNode checks = body.get("checks");
        if (checks == null || !checks.isArray()) {
            throw new StewardException(ErrorCode.MISSING_FIELD, "checks");
        }
        if (checks.size() > MAX_BATCH) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "checks", "at most " + MAX_BATCH + " per batch");
        }
        List<DecisionRequest> requests = new ArrayList<>(checks.size());
        for (JsonNode item : checks) {
            if (!item.isObject()) {
                throw new StewardException(ErrorCode.INVALID_FIELD, "checks", "each check is an object");
            }
            requests.add(check(SubjectRoutes.strict(item, CHECK_FIELDS)));
        }
        List<Map<String, Object>> results = new ArrayList<>(requests.size());
        for (DecisionRequest request : requests) {
            results.add(answer(request));
        }
        results.forEach(this::counted);
        ctx.json(Map.of("results", results));
    }

    private static final Set<String> CHECK_FIELDS = Set.of("subject", "category", "purpose", "recipient", "channel");

    private DecisionRequest check(JsonNode body) {
        String subject = Json.text(body, "subject");
        String category = Json.text(body, "category");
        String purpose = Json.text(body, "purpose");
        if (!CategoryKey.isValid(category)) {
            throw new StewardException(ErrorCode.UNKNOWN_CATEGORY, category, "");
        }
        if (!PurposeKey.isValid(purpose)) {
            throw new StewardException(ErrorCode.UNKNOWN_PURPOSE, purpose, "");
        }
        String recipient = optional(body, "recipient");
        if (recipient != null && !RecipientKey.isValid(recipient)) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "recipient", "not a recipient key");
        }
        String channel = optional(body, "channel");
        if (channel != null && !ChoiceNames.CHANNELS.contains(channel)) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "channel", "expected email, phone or in_app");
        }
        try {
            decisions.requireSubject(subject);
        } catch (StewardException e) {
            throw new StewardException(ErrorCode.UNKNOWN_SUBJECT_IN_REQUEST, subject);
        }
        return new DecisionRequest(subject, CategoryKey.of(category), PurposeKey.of(purpose),
                recipient == null ? null : RecipientKey.of(recipient), channel);
    }

    private Map<String, Object> answer(DecisionRequest request) {
        Decision decision = decisions.decide(request);
        if (decision.reason().equals("unknown_purpose")) {
            throw new StewardException(ErrorCode.UNKNOWN_PURPOSE, request.purpose().value(), "");
        }
        if (decision.reason().equals("unknown_category")) {
            throw new StewardException(ErrorCode.UNKNOWN_CATEGORY, request.category().value(), "");
        }
        if (decision.reason().equals("unknown_recipient")) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "recipient", "not declared in the policy");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("allowed", decision.allowed());
        result.put("reason", decision.reason());
        result.put("basis", decision.basis());
        return result;
    }

    private static ChoiceMethod method(JsonNode body) {
        String text = optional(body, "method");
        if (text == null) {
            return ChoiceMethod.API;
        }
        return ChoiceMethod.parse(text).orElseThrow(() -> new StewardException(ErrorCode.INVALID_FIELD, "method",
                "expected banner, form, api, gpc, guardian or request"));
    }

    private static String optional(JsonNode body, String field) {
        return body.hasNonNull(field) ? Json.text(body, field) : null;
    }
}
