package dev.steward.notice;

/** Writes a {@link Notice} as CommonMark. Stateless. */
final class MarkdownWriter {
    private MarkdownWriter() { }

    static String write(Notice notice) {
        return render(notice.blocks());
    }

    /** Blocks as CommonMark. */
    static String render(java.util.List<Block> blocks) {
        StringBuilder out = new StringBuilder();
        for (Block block : blocks) {
            if (block instanceof Block.Heading heading) {
                out.append("#".repeat(heading.level())).append(' ').append(escape(heading.text())).append("\n\n");
            } else if (block instanceof Block.Paragraph paragraph) {
                if (!paragraph.emphasis().isEmpty()) {
                    out.append("**").append(escape(paragraph.emphasis())).append("** ");
                }
                out.append(escape(paragraph.text())).append("\n\n");
            } else if (block instanceof Block.Bullets bullets) {
                bullets.items().forEach(item -> out.append("- ").append(escape(item)).append('\n'));
                out.append('\n');
            } else if (block instanceof Block.Table table) {
                table(out, table);
            }
        }
        return out.toString().stripTrailing() + "\n";
    }

    private static void table(StringBuilder out, Block.Table table) {
        if (!table.caption().isEmpty()) {
            out.append("**").append(escape(table.caption())).append("**\n\n");
        }
        out.append("| ").append(String.join(" | ", table.headers().stream().map(MarkdownWriter::cell).toList()))
                .append(" |\n|").append(" --- |".repeat(table.headers().size())).append('\n');
        for (var row : table.rows()) {
            out.append("| ").append(String.join(" | ", row.stream().map(MarkdownWriter::cell).toList())).append(" |\n");
        }
        out.append('\n');
    }

    private static String cell(String text) {
        return escape(text).replace("|", "\\|").replace("\n", " ");
    }

    /** Keeps policy text from being read as Markdown syntax. */
    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;");
    }
}
