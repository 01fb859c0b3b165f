package dev.steward.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import io.javalin.http.Context;

/** The API's JSON: one shared mapper, and body parsing that turns malformed input into {@code bad_json}. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() { }

    /** The request body as a JSON object; 415 when not JSON, 400 {@code bad_json} when malformed. */
    public static JsonNode object(Context ctx) {
        String type = ctx.contentType();
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new StewardException(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(ctx.bodyAsBytes());
        } catch (JsonProcessingException e) {
            // the parser's own message quotes what was sent, which may be personal: say only where
            var at = e.getLocation();
            throw new StewardException(ErrorCode.BAD_JSON, at == null ? "unreadable body" : "malformed at line "
                    + at.getLineNr() + ", column " + at.getColumnNr());
        } catch (java.io.IOException e) {
            throw new StewardException(ErrorCode.BAD_JSON, "unreadable body");
        }
        if (node == null || !node.isObject()) {
            throw new StewardException(ErrorCode.BAD_JSON, "expected a JSON object");
        }
        return node;
    }

    /** A required text field of {@code body}. */
    public static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw new StewardException(ErrorCode.MISSING_FIELD, field);
        }
        if (!value.isTextual()) {
            throw new StewardException(ErrorCode.INVALID_FIELD, field, "expected text");
        }
        return value.asText();
    }
}
