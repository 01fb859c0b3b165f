package dev.steward.policy.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A YAML value with the line and column it came from, so that every problem can point at its source. */
public sealed interface Node permits Node.MapNode, Node.ListNode, Node.ScalarNode {

    Location location();

    /** What a YAML author would call this kind of value, for error messages. */
    String kindName();

    record Location(String file, int line, int column) {
        @Override
        public String toString() {
            return file + ":" + line + ":" + column;
        }
    }

    /** A mapping; keys keep their own locations and the file's order. */
    record MapNode(Location location, Map<String, Entry> entries) implements Node {
        public MapNode {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public Optional<Node> get(String key) {
            Entry entry = entries.get(key);
            return entry == null ? Optional.empty() : Optional.of(entry.value());
        }

        @Override
        public String kindName() {
            return "a mapping";
        }
    }

    record Entry(String key, Location keyLocation, Node value) { }

    record ListNode(Location location, List<Node> items) implements Node {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String kindName() {
            return "a list";
        }
    }

    /** A scalar; {@code kind} tells whether YAML read it as text, a number, a boolean or null. */
    record ScalarNode(Location location, String text, ScalarKind kind) implements Node {
        @Override
        public String kindName() {
            return switch (kind) {
                case STRING -> "text";
                case NUMBER -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "an empty value";
            };
        }
    }

    enum ScalarKind { STRING, NUMBER, BOOLEAN, NULL }
}
