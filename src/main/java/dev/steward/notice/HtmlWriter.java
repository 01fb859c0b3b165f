package dev.steward.notice;

/** Writes a {@link Notice} as a self-contained, accessible HTML page. Stateless. */
final class HtmlWriter {
    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
            + "padding:0 1rem;line-height:1.6}table{border-collapse:collapse;margin:1rem 0}"
            + "th,td{border:1px solid #999;padding:.3rem .6rem;text-align:left;vertical-align:top}"
            + "caption{font-weight:bold;text-align:left}";

    private HtmlWriter() { }

    static String write(Notice notice) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"").append(escape(notice.language()))
                .append("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">\n")
                .append("<title>").append(escape(notice.title())).append("</title>\n<style>").append(STYLE)
                .append("</style>\n</head>\n<body>\n<main>\n");
        for (Block block : notice.blocks()) {
            if (block instanceof Block.Heading heading) {
                out.append("<h").append(heading.level()).append(" id=\"").append(escape(heading.anchor())).append("\">")
                        .append(escape(heading.text())).append("</h").append(heading.level()).append(">\n");
            } else if (block instanceof Block.Paragraph paragraph) {
                out.append("<p>");
                if (!paragraph.emphasis().isEmpty()) {
                    out.append("<strong>").append(escape(paragraph.emphasis())).append("</strong> ");
                }
                out.append(escape(paragraph.text())).append("</p>\n");
            } else if (block instanceof Block.Bullets bullets) {
                out.append("<ul>\n");
                bullets.items().forEach(item -> out.append("<li>").append(escape(item)).append("</li>\n"));
                out.append("</ul>\n");
            } else if (block instanceof Block.Table table) {
                table(out, table);
            }
        }
        return out.append("</main>\n</body>\n</html>\n").toString();
    }

    private static void table(StringBuilder out, Block.Table table) {
        out.append("<table>\n");
        if (!table.caption().isEmpty()) {
            out.append("<caption>").append(escape(table.caption())).append("</caption>\n");
        }
        out.append("<thead><tr>");
        table.headers().forEach(header -> out.append("<th scope=\"col\">").append(escape(header)).append("</th>"));
        out.append("</tr></thead>\n<tbody>\n");
        for (var row : table.rows()) {
            out.append("<tr>");
            row.forEach(cell -> out.append("<td>").append(escape(cell)).append("</td>"));
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
