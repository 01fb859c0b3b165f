package dev.steward.policy.internal;

import dev.steward.error.DidYouMean;
import dev.steward.policy.LocalizedText;
import dev.steward.policy.internal.Node.Entry;
import dev.steward.policy.internal.Node.MapNode;
import dev.steward.policy.internal.Node.ScalarKind;
import dev.steward.policy.internal.Node.ScalarNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What reading a localized text needs: the policy's languages, texts supplied by translation files
 * (language → text path → text) and the problem list. Not thread-safe; one per load.
 */
public final class TextContext {
    private final Problems problems;
    private final List<String> languages;
    private final Map<String, Map<String, String>> translations;

    public TextContext(Problems problems, List<String> languages, Map<String, Map<String, String>> translations) {
        this.problems = problems;
        this.languages = List.copyOf(languages);
        this.translations = Map.copyOf(translations);
    }

    public Problems problems() {
        return problems;
    }

    public List<String> languages() {
        return languages;
    }

    /** Reads a {language: text} mapping at {@code path}, filling languages from translation files. */
    public LocalizedText text(Node node, String path) {
        Map<String, String> byLanguage = new LinkedHashMap<>();
        java.util.Set<String> present = new java.util.HashSet<>();
        if (node instanceof MapNode map) {
            for (Entry entry : map.entries().values()) {
                present.add(entry.key());
                readOne(entry, path, byLanguage);
            }
        } else {
            problems.add(node.location(), "WRONG_TYPE", "'" + path + "' must map each language to its text, "
                    + "for example {zh-CN: ..., en: ...}; found " + node.kindName());
            return LocalizedText.EMPTY;
        }
        for (String language : languages) {
            if (!present.contains(language)) {
                String translated = translations.getOrDefault(language, Map.of()).get(path);
                if (translated != null) {
                    byLanguage.put(language, translated);
                } else {
                    problems.add(node.location(), "MISSING_TRANSLATION", "'" + path + "' has no '" + language
                            + "' text; add it here or in a translation file");
                }
            }
        }
        return new LocalizedText(new HashMap<>(byLanguage));
    }

    private void readOne(Entry entry, String path, Map<String, String> byLanguage) {
        if (!languages.contains(entry.key())) {
            problems.add(entry.keyLocation(), "UNKNOWN_LANGUAGE", "'" + path + "' has text in '" + entry.key()
                    + "', which is not one of the policy languages " + languages + DidYouMean.hint(entry.key(), languages));
            return;
        }
        if (!(entry.value() instanceof ScalarNode scalar) || scalar.kind() == ScalarKind.NULL) {
            problems.add(entry.value().location(), "WRONG_TYPE", "'" + path + "." + entry.key() + "' must be text");
            return;
        }
        if (scalar.text().isBlank()) {
            problems.add(scalar.location(), "EMPTY_TEXT", "'" + path + "." + entry.key() + "' is blank");
            return;
        }
        byLanguage.put(entry.key(), scalar.text().strip());
    }
}
