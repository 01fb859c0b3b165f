package dev.steward.notice;

import java.util.List;

/** One block of a rendered notice, independent of the output format. Immutable. */
public sealed interface Block permits Block.Heading, Block.Paragraph, Block.Bullets, Block.Table {

    /** A heading; {@code level} 1 is the document title. */
    record Heading(int level, String text, String anchor) implements Block { }

    /** A paragraph; {@code emphasis} is an optional bold lead-in. */
    record Paragraph(String emphasis, String text) implements Block { }

    record Bullets(List<String> items) implements Block {
        public Bullets {
            items = List.copyOf(items);
        }
    }

    record Table(String caption, List<String> headers, List<List<String>> rows) implements Block {
        public Table {
            headers = List.copyOf(headers);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }
}
