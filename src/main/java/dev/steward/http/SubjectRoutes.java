package dev.steward.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.access.Role;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.CategoryKey;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.PurposeKey;
import dev.steward.policy.Source;
import dev.steward.vault.CardNumbers;
import dev.steward.vault.IdentityKind;
import dev.steward.vault.NewRecord;
import dev.steward.vault.NewSubject;
import dev.steward.vault.Records;
import dev.steward.vault.Subjects;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The subject and record routes of {@code /api/v1}: register, look up, store, read for a purpose, update. */
final class SubjectRoutes {

    private final Subjects subjects;
    private final Records records;
    private final dev.steward.consent.Choices choices;

    SubjectRoutes(Subjects subjects, Records records, dev.steward.consent.Choices choices) {
        this.subjects = subjects;
        this.records = records;
        this.choices = choices;
    }

    /** A write that carries {@code Sec-GPC: 1} opts the subject out of sale/sharing and targeted ads first. */
    private void honourGpc(Context ctx, String subjectId) {
        if ("1".equals(ctx.header("Sec-GPC"))) {
            choices.applyGpc(actor(ctx), subjectId, ChoiceRoutes.GPC_OPT_OUTS);
        }
    }

    void register(RoutesConfig routes) {
        routes.post("/api/v1/subjects", this::create, Role.WRITERS);
        routes.get("/api/v1/subjects", this::find, Role.READERS);
        routes.get("/api/v1/subjects/{id}", ctx -> ctx.json(subjects.get(actor(ctx), ctx.pathParam("id"))), Role.READERS);
        routes.post("/api/v1/subjects/{id}/identities", this::link, Role.WRITERS);
        routes.post("/api/v1/subjects/{id}/records", this::addRecord, Role.WRITERS);
        routes.get("/api/v1/subjects/{id}/records", this::readRecords, Role.READERS);
        routes.put("/api/v1/subjects/{id}/records/{record}", this::updateRecord, Role.WRITERS);
    }

    static String actor(Context ctx) {
        return "key:" + Authenticator.caller(ctx).id();
    }

    private void create(Context ctx) {
        JsonNode body = strict(Json.object(ctx), Set.of("identities", "jurisdiction", "birth_date", "guardian",
                "customer"));
        JsonNode identities = body.get("identities");
        if (identities == null || !identities.isObject() || identities.isEmpty()) {
            throw new StewardException(ErrorCode.MISSING_FIELD, "identities");
        }
        Map<IdentityKind, String> parsed = new EnumMap<>(IdentityKind.class);
        for (Map.Entry<String, JsonNode> field : identities.properties()) {
            // an unknown kind is not repeated (a client may have put a value there as a name)
            IdentityKind kind = IdentityKind.parse(field.getKey()).orElseThrow(() -> new StewardException(
                    ErrorCode.INVALID_FIELD, "identities", "a kind of identity this request does not take; expected "
                    + "email, phone, account_id, cookie_id or device_id"));
            if (!field.getValue().isTextual()) {
                throw new StewardException(ErrorCode.INVALID_FIELD, "identities." + field.getKey(), "expected text");
            }
            parsed.put(kind, field.getValue().asText());
        }
        JsonNode customer = body.get("customer");
        if (customer != null && !customer.isBoolean()) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "customer", "expected true or false");
        }
        NewSubject request = new NewSubject(parsed, jurisdiction(Json.text(body, "jurisdiction")),
                birthDate(body), body.hasNonNull("guardian") ? Json.text(body, "guardian") : null,
                customer != null && customer.asBoolean());
        String id = subjects.create(actor(ctx), request);
        honourGpc(ctx, id);
        ctx.status(201).json(Map.of("id", id));
    }

    private void link(Context ctx) {
        JsonNode body = strict(Json.object(ctx), Set.of("kind", "value"));
        String kindName = Json.text(body, "kind");
        IdentityKind kind = IdentityKind.parse(kindName).orElseThrow(() -> new StewardException(ErrorCode.INVALID_FIELD,
                "kind", "expected email, phone, account_id, cookie_id or device_id"));
        subjects.link(actor(ctx), ctx.pathParam("id"), kind, Json.text(body, "value"));
        ctx.status(204);
    }

    private void find(Context ctx) {
        for (IdentityKind kind : IdentityKind.values()) {
            String value = ctx.queryParam(kind.key());
            if (value != null) {
                Jurisdiction region = jurisdiction(ctx.queryParamMap().containsKey("jurisdiction")
                        ? ctx.queryParam("jurisdiction") : "DEFAULT");
                ctx.json(subjects.find(actor(ctx), kind, value, region).orElseThrow(() -> new StewardException(
                        ErrorCode.NOT_FOUND, "no subject has this " + kind.key().replace('_', ' '))));
                return;
            }
        }
        throw new StewardException(ErrorCode.MISSING_FIELD, "email, phone, account_id, cookie_id or device_id");
    }

    private void addRecord(Context ctx) {
        JsonNode body = strict(Json.object(ctx), Set.of("category", "value", "source", "purposes"));
        String category = Json.text(body, "category");
        if (!CategoryKey.isValid(category)) {
            throw new StewardException(ErrorCode.UNKNOWN_CATEGORY, category, "");
        }
        Source source = Source.valueOf(enumText(Json.text(body, "source"), "source", Set.of("provided", "automatic",
                "other")).toUpperCase(java.util.Locale.ROOT));
        NewRecord record = new NewRecord(CategoryKey.of(category), Json.text(body, "value"), source, purposes(body));
        honourGpc(ctx, ctx.pathParam("id"));
        ctx.status(201).json(Map.of("id", records.add(actor(ctx), ctx.pathParam("id"), record)));
    }

    private void readRecords(Context ctx) {
        String purpose = ctx.queryParam("purpose");
        if (purpose == null) {
            throw new StewardException(ErrorCode.MISSING_FIELD, "purpose");
        }
        if (!PurposeKey.isValid(purpose)) {
            throw new StewardException(ErrorCode.UNKNOWN_PURPOSE, purpose, "");
        }
        ctx.json(records.readFor(actor(ctx), ctx.pathParam("id"), PurposeKey.of(purpose)));
    }

    private void updateRecord(Context ctx) {
        JsonNode body = strict(Json.object(ctx), Set.of("value"));
        honourGpc(ctx, ctx.pathParam("id"));
        int version = records.update(actor(ctx), ctx.pathParam("id"), ctx.pathParam("record"),
                Json.text(body, "value"));
        ctx.json(Map.of("id", ctx.pathParam("record"), "version", version));
    }

    private static List<PurposeKey> purposes(JsonNode body) {
        JsonNode node = body.get("purposes");
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new StewardException(ErrorCode.MISSING_FIELD, "purposes");
        }
        List<PurposeKey> purposes = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || !PurposeKey.isValid(item.asText())) {
                throw new StewardException(ErrorCode.INVALID_FIELD, "purposes", "expected purpose keys such as provide");
            }
            purposes.add(PurposeKey.of(item.asText()));
        }
        return purposes;
    }

    private static Jurisdiction jurisdiction(String code) {
        if (!Jurisdiction.isValid(code)) {
            throw new StewardException(ErrorCode.UNKNOWN_JURISDICTION);
        }
        return Jurisdiction.of(code);
    }

    private static LocalDate birthDate(JsonNode body) {
        if (!body.hasNonNull("birth_date")) {
            return null;
        }
        try {
            return LocalDate.parse(Json.text(body, "birth_date"));
        } catch (DateTimeParseException e) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "birth_date", "expected a date like 2001-02-03");
        }
    }

    private static String enumText(String value, String field, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw new StewardException(ErrorCode.INVALID_FIELD, field, "expected one of " + new java.util.TreeSet<>(allowed));
        }
        return value;
    }

    /**
     * Refuses fields the request does not define (a typo must not be silently ignored) and, at any
     * depth, any field that would carry card security codes.
     */
    static JsonNode strict(JsonNode body, Set<String> allowed) {
        refuseSensitive(body);
        for (Map.Entry<String, JsonNode> property : body.properties()) {
            String name = property.getKey();
            if (!allowed.contains(name)) {
                // the unknown name is not repeated (a client may have put a value there); a near one is suggested
                String near = dev.steward.error.DidYouMean.closest(name, allowed).map(hint -> " (did you mean '"
                        + hint + "'?)").orElse("");
                throw new StewardException(ErrorCode.INVALID_FIELD, "(unknown)", "the body has a field this request "
                        + "does not take" + near + "; expected " + new java.util.TreeSet<>(allowed));
            }
        }
        return body;
    }

    private static void refuseSensitive(JsonNode node) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                CardNumbers.refuseSensitiveField(field.getKey());
                refuseSensitive(field.getValue());
            }
        } else if (node.isArray()) {
            node.forEach(SubjectRoutes::refuseSensitive);
        }
    }
}
