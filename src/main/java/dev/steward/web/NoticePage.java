package dev.steward.web;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.notice.NoticeRenderer;
import dev.steward.policy.Policy;
import io.javalin.http.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code GET /privacy?lang=…}: the notice rendered from the policy in force, open to everyone. The
 * language comes from {@code lang}, else the browser's Accept-Language, else the prevailing language.
 * Pages are rendered once per language. Thread-safe.
 */
public final class NoticePage {
    private final Supplier<Policy> inForce;
    private final NoticeRenderer renderer = new NoticeRenderer();
    private final Map<String, String> pages = new ConcurrentHashMap<>();

    public NoticePage(Supplier<Policy> inForce) {
        this.inForce = inForce;
    }

    public void handle(Context ctx) {
        Policy policy = inForce.get();
        String language = ctx.queryParam("lang");
        if (language == null) {
            language = fromBrowser(policy, ctx.header("Accept-Language"));
        } else if (!policy.meta().languages().contains(language)) {
            throw new StewardException(ErrorCode.INVALID_FIELD, "lang", "this notice is available in "
                    + String.join(", ", policy.meta().languages()));
        }
        String chosen = language;
        ctx.header("Content-Language", chosen);
        ctx.html(pages.computeIfAbsent(policy.meta().version() + "/" + chosen, key -> renderer.render(policy, chosen)
                .html()));
    }

    private static String fromBrowser(Policy policy, String acceptLanguage) {
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
