package dev.steward.policy.internal;

import dev.steward.policy.Cookie;
import dev.steward.policy.CookieCategory;
import dev.steward.policy.Deadline;
import dev.steward.policy.JurisdictionRules;
import dev.steward.policy.Policy;
import dev.steward.policy.RetentionRule;
import dev.steward.policy.Section;
import dev.steward.policy.SecurityMeasure;
import java.time.LocalDate;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Compares the rule parts of two policies for {@link Differ}: retention, archive, children,
 * jurisdictions, cookies, security measures and the notice's own prose. Not thread-safe.
 */
final class RuleDiffer {
    /** A fixed day to turn periods into comparable lengths (a month is not a fixed number of days). */
    private static final LocalDate REFERENCE_DAY = LocalDate.of(2000, 1, 1);

    private final Policy before;
    private final Policy after;
    private final Differ differ;

    RuleDiffer(Policy before, Policy after, Differ differ) {
        this.before = before;
        this.after = after;
        this.differ = differ;
    }

    void compare() {
        differ.keyed("retention", byId(before.retention(), RetentionRule::id), byId(after.retention(),
                RetentionRule::id), true, true, this::retention);
        differ.keyed("holds", before.holds(), after.holds(), false, false, (old, now) ->
                differ.text("holds." + old.id() + ".text", old.text(), now.text()));
        archiveAndChildren();
        differ.keyed("jurisdictions", before.jurisdictions(), after.jurisdictions(), false, true, this::jurisdiction);
        differ.keyed("cookies", byId(before.cookies(), Cookie::name), byId(after.cookies(), Cookie::name), false, false,
                this::cookie);
        after.cookies().stream().filter(cookie -> cookie.category() != CookieCategory.ESSENTIAL)
                .filter(cookie -> before.cookies().stream().noneMatch(old -> old.name().equals(cookie.name())))
                .forEach(cookie -> differ.add("cookies." + cookie.name(), "a new non-essential cookie", true));
        differ.keyed("security", byId(before.security(), SecurityMeasure::id), byId(after.security(),
                SecurityMeasure::id), false, true, (old, now) -> differ.text("security." + old.id() + ".text",
                old.text(), now.text()));
        differ.keyed("sections", byId(before.sections(), Section::id), byId(after.sections(), Section::id), false,
                false, (old, now) -> {
                    differ.text("sections." + old.id() + ".title", old.title(), now.title());
                    differ.text("sections." + old.id() + ".text", old.text(), now.text());
                });
        differ.keyed("ccpa_categories", before.ccpaCategories(), after.ccpaCategories(), false, false, (old, now) -> {
            differ.text("ccpa_categories." + old.key() + ".collected", old.collected(), now.collected());
            differ.text("ccpa_categories." + old.key() + ".disclosed", old.disclosed(), now.disclosed());
        });
    }

    private void retention(RetentionRule old, RetentionRule now) {
        String path = "retention." + old.id();
        longer(path + ".duration", old.duration(), now.duration());
        differ.value(path + ".trigger", old.trigger().key(), now.trigger().key(), true);
        differ.set(path + ".categories", old.categories(), now.categories(), true, "now kept under this rule");
        differ.set(path + ".purposes", old.purposes(), now.purposes(), true, "now kept under this rule");
        differ.value(path + ".hold", old.hold(), now.hold(), !now.hold().isEmpty());
        differ.set(path + ".usable_during", old.usableDuring(), now.usableDuring(), true,
                "now usable for a closed account");
        // fewer evidence categories keep more people's data under the hold: a removal is material
        differ.set(path + ".requires", old.requires(), now.requires(), false, "");
        differ.text(path + ".text", old.text(), now.text());
    }

    private void archiveAndChildren() {
        longer("archive.keep", before.archive().keep(), after.archive().keep());
        differ.set("archive.categories", before.archive().categories(), after.archive().categories(), true,
                "prior versions now archived");
        differ.text("archive.text", before.archive().text(), after.archive().text());
        int was = before.children().guardianRequiredUnder();
        int is = after.children().guardianRequiredUnder();
        differ.value("children.guardian_required_under", was, is, is < was);
        differ.set("children.not_offered", before.children().notOfferedToChildren(),
                after.children().notOfferedToChildren(), false, "");
        differ.text("children.text", before.children().text(), after.children().text());
    }

    private void jurisdiction(JurisdictionRules old, JurisdictionRules now) {
        String path = "jurisdictions." + old.code();
        differ.set(path + ".rights", old.rights(), now.rights(), false, "");
        differ.set(path + ".legal_bases", old.legalBases(), now.legalBases(), true, "a new ground for processing");
        differ.set(path + ".countries", old.countries(), now.countries(), false, "");
        for (String type : Differ.union(old.deadlines().keySet(), now.deadlines().keySet())) {
            deadline(path + ".deadlines." + type, old.deadlines().get(type), now.deadlines().get(type));
        }
        int was = old.guardianConsentUnder();
        int is = now.guardianConsentUnder();
        differ.value(path + ".guardian_consent_under", was, is, is < was);
        differ.value(path + ".guardian_consent_applies_to", old.guardianConsentForAllProcessing(),
                now.guardianConsentForAllProcessing(), old.guardianConsentForAllProcessing());
        differ.value(path + ".withdrawal_stops_processing", old.withdrawalStopsProcessing(),
                now.withdrawalStopsProcessing(), old.withdrawalStopsProcessing());
        if (!Objects.equals(old.contacts(), now.contacts())) {
            differ.add(path + ".contacts", "contacts changed", false);
        }
        differ.value(path + ".law", old.law(), now.law(), false);
        if (!Objects.equals(old.disclosures(), now.disclosures())) {
            differ.add(path + ".disclosures", "text changed", false);
        }
        differ.text(path + ".name", old.name(), now.name());
        differ.text(path + ".rights_channels", old.rightsChannels(), now.rightsChannels());
    }

    private void deadline(String path, Deadline old, Deadline now) {
        if (old == null || now == null) {
            differ.value(path, old == null ? null : "set", now == null ? null : "set", now == null);
            return;
        }
        if (old.counting() == now.counting()) {
            longer(path + ".period", old.period(), now.period());
        } else {
            differ.value(path + ".counting", old.counting().key(), now.counting().key(), true);
        }
        longer(path + ".extension", old.extension(), now.extension());
        longer(path + ".acknowledge", old.acknowledge(), now.acknowledge());
    }

    private void cookie(Cookie old, Cookie now) {
        String path = "cookies." + old.name();
        longer(path + ".duration", old.duration(), now.duration());
        differ.value(path + ".category", old.category().key(), now.category().key(),
                old.category() == CookieCategory.ESSENTIAL || now.category() == CookieCategory.ADVERTISING);
        differ.value(path + ".party", old.firstParty() ? "first" : "third", now.firstParty() ? "first" : "third",
                !now.firstParty());
        differ.text(path + ".text", old.text(), now.text());
    }

    /** A period that grows is material; one that shrinks is not. */
    private void longer(String path, Period old, Period now) {
        if (old.equals(now)) {
            return;
        }
        boolean grew = REFERENCE_DAY.plus(now).isAfter(REFERENCE_DAY.plus(old));
        differ.add(path, old + " -> " + now + (grew ? " (longer)" : " (shorter)"), grew);
    }

    private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
        Map<String, T> byId = new LinkedHashMap<>();
        items.forEach(item -> byId.put(id.apply(item), item));
        return byId;
    }
}
