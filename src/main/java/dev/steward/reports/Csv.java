package dev.steward.reports;

import java.util.List;

/** CSV as spreadsheets open it safely: RFC 4180 quoting, CRLF, and no cell a spreadsheet would run as a formula. */
public final class Csv {
    private Csv() { }

    /** A header line and one line per row. */
    public static String of(List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        line(out, header);
        rows.forEach(row -> line(out, row));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        out.append(String.join(",", cells.stream().map(Csv::cell).toList())).append("\r\n");
    }

    /**
     * One cell. A value a spreadsheet would run as a formula (it starts with {@code = + - @}, a tab or a
     * carriage return) is prefixed with an apostrophe, so opening the file never runs it.
     */
    public static String cell(String value) {
        String text = value == null ? "" : value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        return text.matches("[^,\"\r\n]*") ? text : "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
