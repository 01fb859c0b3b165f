package dev.steward.notice;

import java.util.List;

/** A rendered notice in one language, as format-neutral blocks. Immutable. */
public record Notice(String language, String title, List<Block> blocks) {
    public Notice {
        blocks = List.copyOf(blocks);
    }

    /** The notice as Markdown. */
    public String markdown() {
        return MarkdownWriter.write(this);
    }

    /** The notice as a complete HTML page. */
    public String html() {
        return HtmlWriter.write(this);
    }
}
