package dev.steward.policy.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.steward.policy.Problem;
import dev.steward.policy.internal.Node.Entry;
import dev.steward.policy.internal.Node.ListNode;
import dev.steward.policy.internal.Node.Location;
import dev.steward.policy.internal.Node.MapNode;
import dev.steward.policy.internal.Node.ScalarKind;
import dev.steward.policy.internal.Node.ScalarNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads YAML into a {@link Node} tree that remembers where every value came from. Jackson's YAML
 * parser does the parsing; this class only keeps the locations that a plain tree would drop, and
 * reports duplicate keys, which YAML forbids but many parsers silently accept. Stateless.
 */
public final class YamlTree {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlTree() { }

    /** Parses {@code text}; on a syntax error adds one problem and returns empty. */
    public static Optional<Node> parse(String file, String text, List<Problem> problems) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                problems.add(new Problem(file, 1, 1, "EMPTY_FILE", "the file is empty; a policy starts with 'steward: 1'"));
                return Optional.empty();
            }
            return Optional.of(read(file, parser, problems));
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            int line = where == null ? 1 : Math.max(1, where.getLineNr());
            int column = where == null ? 1 : Math.max(1, where.getColumnNr());
            problems.add(new Problem(file, line, column, "YAML_SYNTAX", firstLine(e.getOriginalMessage())));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(new Problem(file, 1, 1, "YAML_SYNTAX", firstLine(e.getMessage())));
            return Optional.empty();
        }
    }

    private static Node read(String file, JsonParser parser, List<Problem> problems) throws IOException {
        Location location = location(file, parser);
        return switch (parser.currentToken()) {
            case START_OBJECT -> readMap(file, parser, location, problems);
            case START_ARRAY -> readList(file, parser, location, problems);
            case VALUE_STRING -> new ScalarNode(location, parser.getText(), ScalarKind.STRING);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new ScalarNode(location, parser.getText(), ScalarKind.NUMBER);
            case VALUE_TRUE, VALUE_FALSE -> new ScalarNode(location, parser.getText(), ScalarKind.BOOLEAN);
            case VALUE_NULL -> new ScalarNode(location, "", ScalarKind.NULL);
            default -> new ScalarNode(location, parser.getText(), ScalarKind.STRING);
        };
    }

    private static MapNode readMap(String file, JsonParser parser, Location location, List<Problem> problems)
            throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            Location keyLocation = location(file, parser);
            parser.nextToken();
            Node value = read(file, parser, problems);
            Entry previous = entries.get(key);
            if (previous != null) {
                problems.add(new Problem(file, keyLocation.line(), keyLocation.column(), "DUPLICATE_KEY",
                        "key '" + key + "' appears twice; first at line " + previous.keyLocation().line()));
            } else {
                entries.put(key, new Entry(key, keyLocation, value));
            }
        }
        return new MapNode(location, entries);
    }

    private static ListNode readList(String file, JsonParser parser, Location location, List<Problem> problems)
            throws IOException {
        List<Node> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(read(file, parser, problems));
        }
        return new ListNode(location, items);
    }

    private static Location location(String file, JsonParser parser) {
        JsonLocation where = parser.currentTokenLocation();
        return new Location(file, Math.max(1, where.getLineNr()), Math.max(1, where.getColumnNr()));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable YAML";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
