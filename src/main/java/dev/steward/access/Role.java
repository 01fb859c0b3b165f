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
