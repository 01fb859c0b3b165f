package dev.steward.http;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import io.javalin.http.Context;

/** Query parameters as routes read them: absent means the fallback, anything out of range is {@code invalid_field}. */
final class QueryParams {
    private QueryParams() { }

    static long number(Context ctx, String name, long min, long max, long fallback) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StewardException(ErrorCode.INVALID_FIELD, name, "expected a number from " + min + " to " + max);
    }
}
