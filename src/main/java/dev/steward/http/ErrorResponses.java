package dev.steward.http;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the contract's error shape {@code {"error":{"code","message","details"?}}}.
 * Known errors keep their status and code; anything else is logged with a reference and answered with
 * a generic 500 that reveals nothing. Stateless.
 */
final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() { }

    static void known(StewardException error, Context ctx) {
        write(ctx, error.code(), error.getMessage(), error.details());
    }

    /** Javalin's own responses (404, 405, 413, …) mapped onto stable codes. */
    static void javalin(HttpResponseException error, Context ctx) {
        ErrorCode code = switch (error.getStatus()) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.BODY_TOO_LARGE;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            default -> error.getStatus() >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
        };
        String message = switch (code) {
            case NOT_FOUND -> code.format("no " + ctx.method() + " route matches this path");
            case METHOD_NOT_ALLOWED -> code.format(ctx.method());
            case BODY_TOO_LARGE -> "the request body is too large";
            // Javalin's own message may name a Java type or repeat the input
            case BAD_REQUEST -> code.format("the request could not be read");
            default -> code.format("-");
        };
        write(ctx, code, message, Map.of());
    }

    static void unexpected(Exception error, Context ctx) {
        String reference = UUID.randomUUID().toString();
        var matched = ctx.endpoints().matchedHttpEndpoint();
        LOG.error("unexpected error {} on {} {}", reference, ctx.method(), matched == null ? "?" : matched.path,
                error);
        write(ctx, ErrorCode.INTERNAL, ErrorCode.INTERNAL.format(reference), Map.of());
    }

    static void notFound(Context ctx) {
        if (ctx.result() == null || ctx.result().isEmpty()) {
            // the path is not repeated: it may carry what a client should not have put there
            write(ctx, ErrorCode.NOT_FOUND, ErrorCode.NOT_FOUND.format("no " + ctx.method() + " route matches this "
                    + "path"), Map.of());
        }
    }

    static void write(Context ctx, ErrorCode code, String message, Map<String, Object> details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.code());
        error.put("message", message);
        if (!details.isEmpty()) {
            error.put("details", details);
        }
        if (code == ErrorCode.UNAUTHORIZED) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        ctx.status(code.status()).json(Map.of("error", error));
    }
}
