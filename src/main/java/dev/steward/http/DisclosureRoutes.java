package dev.steward.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.access.Role;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.CategoryKey;
import dev.steward.policy.PurposeKey;
import dev.steward.policy.RecipientKey;
import dev.steward.sharing.Disclosures;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code POST /api/v1/disclosures} (a disclosure, allowed and logged or refused) and {@code GET} (the log). */
final class DisclosureRoutes {
    private static final int MAX_CATEGORIES = 100;
    private final Disclosures disclosures;

    DisclosureRoutes(Disclosures disclosures) {
        this.disclosures = disclosures;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/v1/disclosures", this::disclose, Role.WRITERS);
        routes.get("/api/v1/disclosures", this::list, Role.STAFF);
    }

    private void disclose(Context ctx) {
        JsonNode body = SubjectRoutes.strict(Json.object(ctx), Set.of("subject", "recipient", "categories", "purpose"));
        String subject = Json.text(body, "subject");
        String recipient = Json.text(body, "recipient");
        String purpose = Json.text(body, "purpose");
        if (!RecipientKey.isValid(recipient)) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "recipient", "not a recipient key");
        }
        if (!PurposeKey.isValid(purpose)) {
            throw new StewardException(ErrorCode.UNKNOWN_PURPOSE, purpose, "");
        }
        JsonNode listed = body.get("categories");
        if (listed == null || !listed.isArray() || listed.isEmpty()) {
            throw new StewardException(ErrorCode.MISSING_FIELD, "categories");
        }
        if (listed.size() > MAX_CATEGORIES) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "categories", "at most " + MAX_CATEGORIES);
        }
        List<CategoryKey> categories = new ArrayList<>();
        for (JsonNode item : listed) {
            if (!item.isTextual() || !CategoryKey.isValid(item.asText())) {
                throw new StewardException(ErrorCode.INVALID_FIELD, "categories", "a list of category keys");
            }
            categories.add(CategoryKey.of(item.asText()));
        }
        ctx.status(201).json(disclosures.disclose(SubjectRoutes.actor(ctx), new Disclosures.NewDisclosure(subject,
                RecipientKey.of(recipient), categories, PurposeKey.of(purpose))));
    }

    private void list(Context ctx) {
        int limit = (int) QueryParams.number(ctx, "limit", 1, 1000, 100);
        ctx.json(Map.of("disclosures", disclosures.list(ctx.queryParam("subject"), ctx.queryParam("recipient"), limit)));
    }
}
