package dev.steward.reports;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.notice.NoticeTables;
import dev.steward.policy.CategoryKey;
import dev.steward.policy.DataCategory;
import dev.steward.policy.Policy;
import dev.steward.policy.Purpose;
import dev.steward.policy.PurposeKey;
import dev.steward.policy.Recipient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The data map: which categories of personal data serve which purposes, which recipients receive data
 * for which purposes, and in which countries they are — four columns of labels in the requested
 * language joined by lines, as SVG (also embedded in the Markdown form), JSON or CSV (the edges). Labels
 * sit one per row in columns as wide as their longest label, so no two overlap. Thread-safe.
 */
public final class DataMapReport {
    public static final String NAME = "data-map";
    static final int ROW = 24;
    static final int FONT = 13;
    static final int TOP = 48;
    static final int GAP = 90;
    private final Supplier<Policy> policy;

    public DataMapReport(Supplier<Policy> policy) {
        this.policy = policy;
    }

    /** A node: its column (0 categories, 1 purposes, 2 recipients, 3 countries), key and label. */
    record Node(int column, String key, String label) { }

    /** The map: nodes by column and the edges between them (from a column to the next). */
    record Graph(List<List<Node>> columns, List<String[]> edges) { }

    Graph build(String language) {
        Policy current = policy.get();
        List<Node> categories = new ArrayList<>();
        for (DataCategory category : current.categories().values()) {
            if (!category.key().value().contains(".")) {
                categories.add(new Node(0, category.key().value(), category.title().in(language)));
            }
        }
        List<Node> purposes = new ArrayList<>();
        for (Purpose purpose : current.purposes().values()) {
            purposes.add(new Node(1, purpose.key().value(), purpose.title().in(language)));
        }
        List<Node> recipients = new ArrayList<>();
        Set<String> countries = new LinkedHashSet<>();
        for (Recipient recipient : current.recipients().values()) {
            recipients.add(new Node(2, recipient.key().value(), recipient.name()));
            countries.add(recipient.country());
        }
        List<Node> places = countries.stream().map(code -> new Node(3, code, NoticeTables.country(code, language)))
                .toList();
        List<String[]> edges = new ArrayList<>();
        for (Purpose purpose : current.purposes().values()) {
            for (Node category : categories) {
                CategoryKey top = CategoryKey.of(category.key());
                if (purpose.categories().stream().anyMatch(key -> key.isWithin(top) || top.isWithin(key))) {
                    edges.add(new String[] {category.key(), purpose.key().value()});
                }
            }
        }
        for (Recipient recipient : current.recipients().values()) {
            for (Purpose purpose : current.purposes().values()) {
                if (serves(recipient, purpose.key())) {
                    edges.add(new String[] {purpose.key().value(), recipient.key().value()});
                }
            }
            edges.add(new String[] {recipient.key().value(), recipient.country()});
        }
        return new Graph(List.of(categories, purposes, recipients, places), edges);
    }

    private static boolean serves(Recipient recipient, PurposeKey purpose) {
        return recipient.purposes().stream().anyMatch(declared -> declared.value().equals("*")
                || purpose.value().equals(declared.value()) || purpose.value().startsWith(declared.value() + "."));
    }

    /** How wide a label is drawn, in pixels: CJK characters a full em, others a little over half. */
    static double width(String text) {
        double width = 0;
        for (int i = 0; i < text.length(); ) {
            int point = text.codePointAt(i);
            width += point >= 0x2E80 ? FONT : FONT * 0.62;
            i += Character.charCount(point);
        }
        return width;
    }

    String svg(String language) {
        return svg(build(language), language);
    }

    private String svg(Graph map, String language) {
        double[] x = new double[4];
        double[] columnWidth = new double[4];
        double left = 16;
        for (int c = 0; c < 4; c++) {
            columnWidth[c] = map.columns().get(c).stream().mapToDouble(node -> width(node.label())).max().orElse(40);
            x[c] = left;
            left += columnWidth[c] + GAP;
        }
        int rows = map.columns().stream().mapToInt(List::size).max().orElse(0);
        double height = TOP + rows * ROW + 16;
        Map<String, double[]> anchors = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        List<String> titles = language.startsWith("zh") ? List.of("数据类别", "用途", "接收方", "国家或地区")
                : List.of("Categories", "Purposes", "Recipients", "Countries");
        for (int c = 0; c < 4; c++) {
            text.append("<text x=\"").append(fmt(x[c])).append("\" y=\"24\" font-weight=\"bold\">")
                    .append(escape(titles.get(c))).append("</text>\n");
            List<Node> nodes = map.columns().get(c);
            for (int r = 0; r < nodes.size(); r++) {
                Node node = nodes.get(r);
                double y = TOP + r * ROW + FONT;
                anchors.put(c + ":" + node.key(), new double[] {x[c], x[c] + width(node.label()), y - FONT / 3.0});
                text.append("<text x=\"").append(fmt(x[c])).append("\" y=\"").append(fmt(y)).append("\" data-key=\"")
                        .append(escape(node.key())).append("\">").append(escape(node.label())).append("</text>\n");
            }
        }
        StringBuilder lines = new StringBuilder();
        for (String[] edge : map.edges()) {
            for (int c = 0; c < 3; c++) {
                double[] from = anchors.get(c + ":" + edge[0]);
                double[] to = anchors.get((c + 1) + ":" + edge[1]);
                if (from != null && to != null) {
                    lines.append("<line x1=\"").append(fmt(from[1] + 4)).append("\" y1=\"").append(fmt(from[2]))
                            .append("\" x2=\"").append(fmt(to[0] - 4)).append("\" y2=\"").append(fmt(to[2]))
                            .append("\"/>\n");
                    break;
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fmt(left - GAP + 16) + "\" height=\""
                + fmt(height) + "\" font-family=\"sans-serif\" font-size=\"" + FONT + "\" lang=\"" + escape(language)
                + "\">\n<title>" + escape(language.startsWith("zh") ? "数据地图" : "Data map") + "</title>\n"
                + "<g stroke=\"#8a94a6\" stroke-width=\"1\">\n" + lines + "</g>\n<g fill=\"#1b1f24\">\n" + text
                + "</g>\n</svg>\n";
    }

    /** The report in {@code format}: svg, md (the edges and the picture), json or csv (the edges). */
    public Reports.Rendered render(String format, String language) {
        Policy current = policy.get();
        String lang = NoticeReports.language(current, language);
        switch (format) {
            case "svg" -> {
                return new Reports.Rendered("image/svg+xml", svg(lang).getBytes(StandardCharsets.UTF_8));
            }
            case "json", "csv", "md" -> {
                Graph map = build(lang);
                Map<String, String> labels = new LinkedHashMap<>();
                map.columns().forEach(column -> column.forEach(node -> labels.put(node.column() + ":" + node.key(),
                        node.label())));
                List<List<String>> rows = new ArrayList<>();
                String[] kinds = {"category", "purpose", "recipient", "country"};
                for (String[] edge : map.edges()) {
                    for (int c = 0; c < 3; c++) {
                        if (labels.containsKey(c + ":" + edge[0]) && labels.containsKey((c + 1) + ":" + edge[1])) {
                            rows.add(List.of(kinds[c], edge[0], labels.get(c + ":" + edge[0]), kinds[c + 1], edge[1],
                                    labels.get((c + 1) + ":" + edge[1])));
                            break;
                        }
                    }
                }
                List<String> header = List.of("from_kind", "from", "from_label", "to_kind", "to", "to_label");
                if (format.equals("csv")) {
                    return Reports.Rendered.csv(Csv.of(header, rows));
                }
                if (format.equals("md")) {
                    StringBuilder out = new StringBuilder("# ").append(lang.startsWith("zh") ? "数据地图" : "Data map")
                            .append("\n\n![data map](data:image/svg+xml;base64,")
                            .append(Base64.getEncoder().encodeToString(svg(map, lang).getBytes(StandardCharsets.UTF_8)))
                            .append(")\n\n| from | to |\n| --- | --- |\n");
                    rows.forEach(row -> out.append("| ").append(row.get(2).replace("|", "\\|")).append(" | ")
                            .append(row.get(5).replace("|", "\\|")).append(" |\n"));
                    return Reports.Rendered.markdown(out.toString());
                }
                List<Map<String, String>> edges = new ArrayList<>();
                for (List<String> row : rows) {
                    Map<String, String> item = new LinkedHashMap<>();
                    for (int i = 0; i < header.size(); i++) {
                        item.put(header.get(i), row.get(i));
                    }
                    edges.add(item);
                }
                return Reports.Rendered.json(Map.of("report", NAME, "language", lang, "edges", edges));
            }
            default -> throw new StewardException(ErrorCode.INVALID_FIELD, "format", "expected svg, md, json or csv");
        }
    }

    private static String fmt(double value) {
        return Long.toString(Math.round(value));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
