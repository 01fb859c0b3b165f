package dev.steward.client;

import java.util.List;

/** Changes after a cursor, and {@code next}: the cursor to ask from next time. */
public record ChangePage(List<ChangeEvent> changes, String next) {
    public ChangePage {
        changes = List.copyOf(changes);
    }
}
