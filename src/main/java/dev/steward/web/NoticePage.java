package dev.steward.web;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.notice.NoticeRenderer;
import dev.steward.policy.Policy;
import io.javalin.http.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /privacy?lang=…}: the notice rendered from the policy in force, open to everyone. The
 * language comes from {@code lang}, else the browser's Accept-Language, else the prevailing language.
 * Pages are rendered once per language. Thread-safe.
 */
public final class NoticePage {
    private final Policy policy;
    private final NoticeRenderer renderer = new NoticeRenderer();
    private final Map<String, String> pages = new ConcurrentHashMap<>();

    public NoticePage(Policy policy) {
        this.policy = policy;
    }

    public void handle(Context ctx) {
        String language = ctx.queryParam("lang");
        if (language == null) {
            language = fromBrowser(ctx.header("Accept-Language"));
        } else if (!policy.meta().languages().contains(language)) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "lang", "this notice is available in "
                    + String.join(", ", policy.meta().languages()));
        }
        String chosen = language;
        ctx.header("Content-Language", chosen);
        ctx.html(pages.computeIfAbsent(chosen, key -> renderer.render(policy, key).html()));
    }

    private String fromBrowser(String acceptLanguage) {
        if (acceptLanguage != null) {
            for (String part : acceptLanguage.split(",")) {
                String tag = part.split(";")[0].trim();
                for (String language : policy.meta().languages()) {
                    if (language.equalsIgnoreCase(tag) || language.regionMatches(true, 0, tag, 0, 2)
                            && tag.length() == 2) {
                        return language;
                    }
                }
            }
        }
        return policy.meta().prevailingLanguage();
    }
}
