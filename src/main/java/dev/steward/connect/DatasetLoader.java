package dev.steward.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.CategoryKey;
import dev.steward.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads dataset files ({@code *.yaml} in a directory) and checks them against the policy: identifiers
 * are plain SQL names, categories and holds are declared, links point at the identity table. Errors
 * name the file and the field. Stateless.
 */
public final class DatasetLoader {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DatasetLoader() { }

    /**
     * Every connector described in {@code directory}: a {@code connection} makes a JDBC store, a
     * {@code webhook} a processor reached over HTTP whose signing secret comes from the environment
     * variable the file names (never from the file).
     */
    public static List<Connector> loadAll(Path directory, Policy policy, Map<String, String> environment) {
        if (directory == null || !Files.isDirectory(directory)) {
            return List.of();
        }
        List<Connector> datasets = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                datasets.add(connector(file, policy, environment));
            }
        } catch (IOException e) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, "cannot read datasets in " + directory);
        }
        return datasets;
    }

    private static Connector connector(Path file, Policy policy, Map<String, String> environment) {
        JsonNode root = read(file);
        if (!root.has("webhook")) {
            return new JdbcConnector(load(file, policy));
        }
        String name = text(file, root, "dataset");
        String url = text(file, root, "webhook", "url");
        String secretVariable = text(file, root, "webhook", "secret_env");
        String secret = environment.get(secretVariable);
        if (secret == null || secret.length() < 16) {
            throw invalid(file, "webhook.secret_env", "environment variable " + secretVariable + " must hold the "
                    + "signing secret (16 characters or more)");
        }
        String kind = text(file, root, "identity", "kind");
        if (!Set.of("email", "phone", "account_id").contains(kind)) {
            throw invalid(file, "identity.kind", "expected email, phone or account_id");
        }
        java.net.URI target;
        try {
            target = java.net.URI.create(url);
        } catch (IllegalArgumentException e) {
            throw invalid(file, "webhook.url", "is not a URL");
        }
        // personal data and signed erasure orders never cross a network in the clear
        boolean loopback = target.getHost() != null && Set.of("localhost", "127.0.0.1", "[::1]", "::1")
                .contains(target.getHost().toLowerCase(java.util.Locale.ROOT));
        if (!"https".equals(target.getScheme()) && !("http".equals(target.getScheme()) && loopback)) {
            throw invalid(file, "webhook.url", "must be https:// (plain http:// only to this machine: localhost, "
                    + "127.0.0.1, [::1])");
        }
        return new WebhookConnector(name, target, secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), kind);
    }

    private static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw invalid(file, "", "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    public static Dataset load(Path file, Policy policy) {
        JsonNode root = read(file);
        String name = text(file, root, "dataset");
        String url = text(file, root, "connection", "url");
        String table = name(file, text(file, root, "identity", "table"), "identity.table");
        String column = name(file, text(file, root, "identity", "column"), "identity.column");
        String kind = text(file, root, "identity", "kind");
        if (!Set.of("email", "phone", "account_id").contains(kind)) {
            throw invalid(file, "identity.kind", "expected email, phone or account_id");
        }
        Map<String, Dataset.Table> tables = new LinkedHashMap<>();
        JsonNode tableNodes = root.path("tables");
        if (!tableNodes.isObject() || tableNodes.isEmpty()) {
            throw invalid(file, "tables", "at least one table is needed");
        }
        for (Map.Entry<String, JsonNode> entry : tableNodes.properties()) {
            tables.put(entry.getKey(), table(file, policy, entry.getKey(), entry.getValue(), table));
        }
        if (!tables.containsKey(table)) {
            throw invalid(file, "identity.table", "table '" + table + "' is not described under tables");
        }
        return new Dataset(name, url, table, column, kind, tables);
    }

    private static Dataset.Table table(Path file, Policy policy, String tableName, JsonNode node, String identityTable) {
        String where = "tables." + tableName;
        name(file, tableName, where);
        String key = name(file, node.path("key").asText("id"), where + ".key");
        String link = node.hasNonNull("link") ? name(file, node.get("link").asText(), where + ".link") : "";
        if (!tableName.equals(identityTable) && link.isEmpty()) {
            throw invalid(file, where + ".link", "a table other than the identity table needs the column that refers "
                    + "to the identity table's key");
        }
        Map<String, String> categories = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> column : node.path("columns").properties()) {
            String category = column.getValue().asText();
            if (!CategoryKey.isValid(category) || policy.findCategory(CategoryKey.of(category)).isEmpty()) {
                throw invalid(file, where + ".columns." + column.getKey(), "category '" + category
                        + "' is not declared in the policy");
            }
            categories.put(name(file, column.getKey(), where + ".columns"), category);
        }
        String erase = node.path("erase").asText("delete");
        if (!Set.of("delete", "mask", "keep").contains(erase)) {
            throw invalid(file, where + ".erase", "expected delete, mask or keep");
        }
        String hold = node.path("hold").asText("");
        if (!hold.isEmpty() && !policy.holds().containsKey(hold)) {
            throw invalid(file, where + ".hold", "hold '" + hold + "' is not declared in the policy");
        }
        return new Dataset.Table(tableName, key, link, categories, hold.isEmpty() ? erase : "keep", hold);
    }

    private static String text(Path file, JsonNode root, String... path) {
        JsonNode node = root;
        for (String step : path) {
            node = node.path(step);
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw invalid(file, String.join(".", path), "is required");
        }
        return node.asText();
    }

    private static String name(Path file, String value, String field) {
        if (!NAME.matcher(value).matches()) {
            throw invalid(file, field, "'" + value + "' is not a plain SQL name");
        }
        return value;
    }

    private static StewardException invalid(Path file, String field, String message) {
        return new StewardException(ErrorCode.CONFIG_INVALID, file + ": " + (field.isEmpty() ? "" : field + " ")
                + message);
    }
}
