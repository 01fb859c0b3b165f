package dev.steward.http;

import dev.steward.access.ApiKey;
import dev.steward.access.ApiKeys;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the {@code Authorization: Bearer} key of every matched {@code /api/} request and the roles
 * its route allows: a route that names no roles is open to none (deny unless allowed). Agents may only
 * read. {@code HEAD} is not part of the API (it would run past the role check as a GET without its
 * roles). Thread-safe.
 */
final class Authenticator {
    static final String CALLER = "steward.caller";
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.OPTIONS);

    private final ApiKeys keys;
    private final KeyGuessLimiter guesses = new KeyGuessLimiter(System::nanoTime);

    Authenticator(ApiKeys keys) {
        this.keys = keys;
    }

    /** Before any route: the API answers no {@code HEAD}, whatever path it names. */
    static void refuseHead(Context ctx) {
        if (ctx.method() == HandlerType.HEAD && ctx.path().startsWith("/api/")) {
            throw new StewardException(ErrorCode.METHOD_NOT_ALLOWED, "HEAD");
        }
    }

    void check(Context ctx) {
        if (!ctx.path().startsWith("/api/")) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new StewardException(ErrorCode.UNAUTHORIZED);
        }
        String secret = header.substring(7).trim();
        String digest = ApiKeys.digest(secret);
        String address = ctx.ip();
        if (guesses.blocked(address, digest)) {
            throw new StewardException(ErrorCode.RATE_LIMITED, "wrong API keys from this address; wait a minute");
        }
        Optional<ApiKey> found = keys.authenticate(secret);
        if (found.isEmpty()) {
            guesses.failed(address);
            throw new StewardException(ErrorCode.UNAUTHORIZED);
        }
        ApiKey caller = found.get();
        guesses.succeeded(address, digest);
        Set<RouteRole> allowed = ctx.routeRoles();
        if (!allowed.contains(caller.role())) {
            throw new StewardException(ErrorCode.FORBIDDEN, caller.role().key(), "use " + ctx.method() + " "
                    + ctx.endpoints().matchedHttpEndpoint().path);
        }
        if (!caller.role().mayWrite() && !SAFE.contains(ctx.method())) {
            throw new StewardException(ErrorCode.FORBIDDEN, caller.role().key(), "change anything (read-only role)");
        }
        ctx.attribute(CALLER, caller);
    }

    static ApiKey caller(Context ctx) {
        return ctx.attribute(CALLER);
    }
}
