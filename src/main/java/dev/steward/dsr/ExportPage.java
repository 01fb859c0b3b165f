package dev.steward.dsr;

import dev.steward.policy.CategoryKey;
import dev.steward.policy.Policy;
import dev.steward.policy.RetentionRule;
import dev.steward.vault.RecordView;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The readable page of an export, in the requester's language (Chinese or English). Stateless. */
final class ExportPage {
    private ExportPage() { }

    static String html(Policy policy, String language, Map<String, Object> data, List<RecordView> held) {
        boolean zh = language.startsWith("zh");
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"").append(language)
                .append("\">\n<head><meta charset=\"utf-8\"><title>")
                .append(zh ? "您的个人信息" : "Your personal information").append("</title></head>\n<body>\n<h1>")
                .append(zh ? "我们持有的您的个人信息" : "Personal information we hold about you").append("</h1>\n");
        out.append("<h2>").append(zh ? "信息" : "Information").append("</h2>\n<table>\n<tr><th>")
                .append(zh ? "类别" : "Category").append("</th><th>").append(zh ? "内容" : "Value").append("</th><th>")
                .append(zh ? "来源" : "Source").append("</th><th>").append(zh ? "收集时间" : "Collected").append("</th></tr>\n");
        for (RecordView record : held) {
            String title = policy.findCategory(CategoryKey.of(record.category())).map(c -> c.title().in(language))
                    .orElse(record.category());
            out.append("<tr><td>").append(escape(title)).append("</td><td>").append(escape(record.value()))
                    .append("</td><td>").append(escape(record.source())).append("</td><td>")
                    .append(escape(record.collectedAt())).append("</td></tr>\n");
        }
        out.append("</table>\n");
        section(out, zh ? "用途" : "Purposes", ((List<?>) data.get("purposes")).stream()
                .map(purpose -> String.valueOf(((Map<?, ?>) purpose).get("title"))).toList());
        section(out, zh ? "可能接收过这些信息的接收方" : "Recipients that may have received it",
                (Collection<?>) data.get("recipients"));
        section(out, zh ? "实际向其披露过的信息" : "What was disclosed, to whom and when",
                ((List<?>) data.get("disclosures")).stream().map(item -> (Map<?, ?>) item)
                        .map(made -> made.get("recipient_name") + ": " + made.get("categories") + " ("
                                + made.get("purpose") + ", " + made.get("country") + ", " + made.get("disclosed_at") + ")")
                        .toList());
        section(out, zh ? "保存规则" : "How long it is kept", policy.retention().stream()
                .filter(rule -> ((Collection<?>) data.get("retention")).contains(rule.id())).map(RetentionRule::text)
                .map(text -> text.in(language)).toList());
        return out.append("</body>\n</html>\n").toString();
    }

    private static void section(StringBuilder out, String title, Collection<?> items) {
        out.append("<h2>").append(escape(title)).append("</h2>\n<ul>\n");
        items.forEach(item -> out.append("<li>").append(escape(String.valueOf(item))).append("</li>\n"));
        out.append("</ul>\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
