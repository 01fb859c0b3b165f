package dev.steward.policy.internal;

import dev.steward.error.DidYouMean;
import dev.steward.policy.LocalizedText;
import dev.steward.policy.internal.Node.Entry;
import dev.steward.policy.internal.Node.ListNode;
import dev.steward.policy.internal.Node.Location;
import dev.steward.policy.internal.Node.MapNode;
import dev.steward.policy.internal.Node.ScalarKind;
import dev.steward.policy.internal.Node.ScalarNode;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Typed access to the fields of one YAML mapping, reporting every unknown, missing or ill-typed field
 * as a {@link Problems problem} at its exact location instead of failing. Readers return a neutral
 * value (empty, zero, the default) after reporting, so that one pass finds every problem.
 */
public final class Fields {
    private final TextContext context;
    private final MapNode map;
    private final String path;
    private final Location owner;

    private Fields(TextContext context, MapNode map, String path, Location owner) {
        this.context = context;
        this.map = map;
        this.path = path;
        this.owner = owner;
    }

    /**
     * Opens {@code node} as a mapping at {@code path}; unknown fields (not in {@code allowed}) and
     * missing ones (in {@code required}) are reported at once. Empty when the node is not a mapping.
     */
    public static Optional<Fields> open(TextContext context, Node node, String path, Location owner,
                                        Set<String> allowed, Set<String> required) {
        String name = path.isEmpty() ? "the policy file" : "'" + path + "'";
        if (!(node instanceof MapNode map)) {
            context.problems().add(node.location(), "WRONG_TYPE", name + " must be a mapping, found " + node.kindName());
            return Optional.empty();
        }
        for (Entry entry : map.entries().values()) {
            if (!allowed.contains(entry.key())) {
                context.problems().add(entry.keyLocation(), "UNKNOWN_FIELD", name + " has no field '" + entry.key()
                        + "'" + DidYouMean.hint(entry.key(), allowed));
            }
        }
        for (String field : new java.util.TreeSet<>(required)) {
            if (map.get(field).isEmpty()) {
                context.problems().add(owner, "MISSING_FIELD", name + " needs field '" + field + "'");
            }
        }
        return Optional.of(new Fields(context, map, path, owner));
    }

    /** The same mapping under another path (used where texts are addressed by id rather than position). */
    public Fields withPath(String newPath) {
        return new Fields(context, map, newPath, owner);
    }

    public String path() {
        return path;
    }

    public Location owner() {
        return owner;
    }

    public TextContext context() {
        return context;
    }

    public Problems problems() {
        return context.problems();
    }

    public Optional<Node> node(String field) {
        return map.get(field);
    }

    public Location locationOf(String field) {
        return map.get(field).map(Node::location).orElse(owner);
    }

    public boolean has(String field) {
        return map.get(field).isPresent();
    }

    /** A scalar field as text ("" when absent or wrong; absence of a required field is already reported). */
    public String string(String field) {
        return map.get(field).flatMap(node -> scalar(node, field)).map(ScalarNode::text).orElse("");
    }

    public int integer(String field, int fallback) {
        Optional<ScalarNode> node = map.get(field).flatMap(value -> scalar(value, field));
        if (node.isEmpty()) {
            return fallback;
        }
        if (node.get().kind() != ScalarKind.NUMBER) {
            problem(node.get().location(), "WRONG_TYPE", "'" + qualified(field) + "' must be a whole number, found '"
                    + node.get().text() + "'");
            return fallback;
        }
        try {
            return Integer.parseInt(node.get().text());
        } catch (NumberFormatException e) {
            problem(node.get().location(), "WRONG_TYPE", "'" + qualified(field) + "' must be a whole number");
            return fallback;
        }
    }

    public boolean bool(String field, boolean fallback) {
        Optional<ScalarNode> node = map.get(field).flatMap(value -> scalar(value, field));
        if (node.isEmpty()) {
            return fallback;
        }
        if (node.get().kind() != ScalarKind.BOOLEAN) {
            problem(node.get().location(), "WRONG_TYPE", "'" + qualified(field) + "' must be true or false, found '"
                    + node.get().text() + "'");
            return fallback;
        }
        return Boolean.parseBoolean(node.get().text());
    }

    /** An ISO-8601 date such as 2022-09-01; null when absent or malformed (reported). */
    public LocalDate date(String field) {
        Optional<ScalarNode> node = map.get(field).flatMap(value -> scalar(value, field));
        if (node.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(node.get().text());
        } catch (DateTimeParseException e) {
            problem(node.get().location(), "BAD_DATE", "'" + qualified(field) + "' must be a date like 2022-09-01, found '"
                    + node.get().text() + "'");
            return null;
        }
    }

    /** An ISO-8601 period such as P90D or P7Y; {@code fallback} when absent or malformed (reported). */
    public Period period(String field, Period fallback) {
        Optional<ScalarNode> node = map.get(field).flatMap(value -> scalar(value, field));
        return node.map(value -> parsePeriod(value, field, fallback)).orElse(fallback);
    }

    private Period parsePeriod(ScalarNode node, String field, Period fallback) {
        try {
            Period period = Period.parse(node.text());
            if (period.isNegative()) {
                problem(node.location(), "BAD_DURATION", "'" + qualified(field) + "' must not be negative");
                return fallback;
            }
            return period;
        } catch (DateTimeParseException e) {
            problem(node.location(), "BAD_DURATION", "'" + qualified(field)
                    + "' must be an ISO-8601 duration such as P90D, P6M or P7Y, found '" + node.text() + "'");
            return fallback;
        }
    }

    /** An enum constant spelt in lower case; {@code fallback} when absent or unknown (reported). */
    public <E extends Enum<E>> E enumValue(String field, Class<E> type, E fallback) {
        Optional<ScalarNode> node = map.get(field).flatMap(value -> scalar(value, field));
        return node.map(value -> parseEnum(value, qualified(field), type).orElse(fallback)).orElse(fallback);
    }

    public <E extends Enum<E>> List<E> enumList(String field, Class<E> type) {
        List<E> values = new ArrayList<>();
        for (ScalarNode item : scalarList(field)) {
            parseEnum(item, qualified(field), type).ifPresent(values::add);
        }
        return values;
    }

    <E extends Enum<E>> Optional<E> parseEnum(ScalarNode node, String where, Class<E> type) {
        List<String> spellings = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            String spelling = constant.name().toLowerCase(Locale.ROOT);
            if (spelling.equals(node.text())) {
                return Optional.of(constant);
            }
            spellings.add(spelling);
        }
        problem(node.location(), "UNKNOWN_VALUE", "'" + where + "' cannot be '" + node.text() + "'"
                + DidYouMean.closest(node.text(), spellings).map(match -> " (did you mean '" + match + "'?)")
                        .orElse("; expected one of " + String.join(", ", spellings)));
        return Optional.empty();
    }

    /** The scalar items of a list field (a single scalar counts as a list of one). */
    public List<ScalarNode> scalarList(String field) {
        Optional<Node> node = map.get(field);
        if (node.isEmpty()) {
            return List.of();
        }
        if (node.get() instanceof ScalarNode single && single.kind() != ScalarKind.NULL) {
            return List.of(single);
        }
        if (!(node.get() instanceof ListNode list)) {
            problem(node.get().location(), "WRONG_TYPE", "'" + qualified(field) + "' must be a list, found "
                    + node.get().kindName());
            return List.of();
        }
        List<ScalarNode> items = new ArrayList<>();
        for (Node item : list.items()) {
            scalar(item, field).ifPresent(items::add);
        }
        return items;
    }

    public List<String> stringList(String field) {
        return scalarList(field).stream().map(ScalarNode::text).toList();
    }

    /** The items of a list field, unread. */
    public List<Node> list(String field) {
        Optional<Node> node = map.get(field);
        if (node.isEmpty() || isNull(node.get())) {
            return List.of();
        }
        if (!(node.get() instanceof ListNode list)) {
            problem(node.get().location(), "WRONG_TYPE", "'" + qualified(field) + "' must be a list, found "
                    + node.get().kindName());
            return List.of();
        }
        return list.items();
    }

    /** The entries of a mapping field, unread. */
    public List<Entry> entries(String field) {
        Optional<Node> node = map.get(field);
        if (node.isEmpty() || isNull(node.get())) {
            return List.of();
        }
        if (!(node.get() instanceof MapNode inner)) {
            problem(node.get().location(), "WRONG_TYPE", "'" + qualified(field) + "' must be a mapping, found "
                    + node.get().kindName());
            return List.of();
        }
        return List.copyOf(inner.entries().values());
    }

    /** Opens a nested mapping field. */
    public Optional<Fields> nested(String field, Set<String> allowed, Set<String> required) {
        Optional<Node> node = map.get(field);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        Location keyLocation = map.entries().get(field).keyLocation();
        return open(context, node.get(), qualified(field), keyLocation, allowed, required);
    }

    /** A localized text field; every policy language must be present (inline or from a translation file). */
    public LocalizedText text(String field) {
        Optional<Node> node = map.get(field);
        if (node.isEmpty()) {
            return LocalizedText.EMPTY;
        }
        return context.text(node.get(), qualified(field));
    }

    public String qualified(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private Optional<ScalarNode> scalar(Node node, String field) {
        if (node instanceof ScalarNode scalar) {
            return scalar.kind() == ScalarKind.NULL ? Optional.empty() : Optional.of(scalar);
        }
        problem(node.location(), "WRONG_TYPE", "'" + qualified(field) + "' must be a single value, found "
                + node.kindName());
        return Optional.empty();
    }

    /** An empty value ({@code field:} with nothing after it) reads as an empty list or mapping. */
    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.kind() == ScalarKind.NULL;
    }

    private void problem(Location where, String code, String message) {
        context.problems().add(where, code, message);
    }

    /** Reads the entries of a mapping node into key → node, reporting a node that is not a mapping. */
    public static Map<String, Entry> entriesOf(Problems problems, Node node, String path) {
        if (node instanceof MapNode map) {
            return new LinkedHashMap<>(map.entries());
        }
        problems.add(node.location(), "WRONG_TYPE", "'" + path + "' must be a mapping, found " + node.kindName());
        return Map.of();
    }
}
