package dev.steward.access;

import com.fasterxml.jackson.annotation.JsonValue;
import io.javalin.security.RouteRole;
import java.util.Locale;
import java.util.Optional;

/**
 * What an API key may do: {@code admin} everything; {@code officer} works requests and reports;
 * {@code agent} reads only; {@code service} is for applications that record data and ask for decisions.
 */
public enum Role implements RouteRole {
    ADMIN, OFFICER, AGENT, SERVICE;

    /** Every role: a route open to any valid key says so with this. */
    public static final Role[] ANY = values();
    /** Roles that record data and choices. */
    public static final Role[] WRITERS = {ADMIN, OFFICER, SERVICE};
    /** Roles that read subjects and their records. */
    public static final Role[] READERS = {ADMIN, OFFICER, SERVICE, AGENT};
    /** Roles that work requests, holds and reports. */
    public static final Role[] OFFICERS = {ADMIN, OFFICER};
    /** Staff who read the request queue and holds. */
    public static final Role[] STAFF = {ADMIN, OFFICER, AGENT};

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String text) {
        for (Role role : values()) {
            if (role.key().equals(text)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** Agents are read-only: they may only use safe methods. */
    public boolean mayWrite() {
        return this != AGENT;
    }
}
