package dev.steward.notice;

import java.text.MessageFormat;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The words Steward itself puts around the policy's text (column headers, right names, units), read
 * from {@code labels_<language>.properties}; a language without a bundle falls back to English.
 * Immutable and thread-safe.
 */
final class Labels {
    private final ResourceBundle bundle;
    private final Locale locale;
    private final String language;

    Labels(String language) {
        this.language = language;
        this.locale = Locale.forLanguageTag(language);
        this.bundle = ResourceBundle.getBundle("dev.steward.notice.labels", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }

    /** A country's name from the bundle, or its ISO code when the bundle has none. */
    String country(String code) {
        String key = "country." + code;
        String name = get(key);
        return name.equals(key) ? code : name;
    }

    String key(Enum<?> value, String prefix) {
        return get(prefix + "." + value.name().toLowerCase(Locale.ROOT));
    }

    String date(LocalDate date) {
        if (date == null) {
            return "";
        }
        String pattern = language.startsWith("zh") ? "yyyy年M月d日" : "d MMMM yyyy";
        return date.format(DateTimeFormatter.ofPattern(pattern, locale));
    }

    /** A period in words: "90 days", "1 个月", "10 years and 6 months". */
    String period(Period period) {
        List<String> parts = new ArrayList<>();
        if (period.getYears() > 0) {
            parts.add(get("unit.year", period.getYears()));
        }
        if (period.getMonths() > 0) {
            parts.add(get("unit.month", period.getMonths()));
        }
        if (period.getDays() > 0 || parts.isEmpty()) {
            parts.add(get("unit.day", period.getDays()));
        }
        return String.join(language.startsWith("zh") ? "" : " and ", parts);
    }

    String list(List<String> items) {
        return String.join(language.startsWith("zh") ? "、" : ", ", items);
    }

    String language() {
        return language;
    }
}
