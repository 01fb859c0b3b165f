package dev.steward.policy.internal;

import dev.steward.policy.CategoryKey;
import dev.steward.policy.DataCategory;
import dev.steward.policy.Deadline;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.JurisdictionRules;
import dev.steward.policy.LegalBasis;
import dev.steward.policy.LocalizedText;
import dev.steward.policy.Policy;
import dev.steward.policy.Purpose;
import dev.steward.policy.Recipient;
import dev.steward.policy.RetentionRule;
import dev.steward.policy.Right;
import dev.steward.policy.Section;
import dev.steward.policy.SectionContent;
import dev.steward.policy.internal.Node.Location;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules that span several parts of a policy: every category has a lawful purpose everywhere,
 * purposes use only bases a jurisdiction offers, recipients receive only what their purposes use and
 * have a safeguard for every cross-border transfer, and a sale always comes with an opt-out.
 */
final class PolicyChecks {
    private final Problems problems;
    private final References references;

    PolicyChecks(Problems problems, References references) {
        this.problems = problems;
        this.references = references;
    }

    void check(Policy policy) {
        if (!references.jurisdictions.isEmpty() && !policy.jurisdictions().containsKey(Jurisdiction.DEFAULT)) {
            Location first = references.jurisdictions.values().iterator().next();
            problems.add(first, "MISSING_DEFAULT", "'jurisdictions' needs a DEFAULT entry for people in every other "
                    + "place");
        }
        for (DataCategory category : policy.categories().values()) {
            checkLegalBasis(policy, category.key());
        }
        for (Purpose purpose : policy.purposes().values()) {
            checkBasesOffered(policy, purpose);
        }
        for (Recipient recipient : policy.recipients().values()) {
            checkRecipientUse(policy, recipient);
            checkTransfers(policy, recipient);
        }
        checkSale(policy);
        checkProse(policy);
    }

    private static final Pattern EN_DURATION = Pattern.compile(
            "\\b(\\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[ -](day|week|month|year)s?\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ZH_DURATION = Pattern.compile("(\\d+|[一二两三四五六七八九十]+)\\s*(天|日|周|个月|年)");
    private static final Pattern EN_WITHIN = Pattern.compile("\\bwithin ((?:\\d+|[a-z]+)(?: business| working| calendar)? "
            + "(?:days?|weeks?|months?|years?))", Pattern.CASE_INSENSITIVE);
    private static final Pattern ZH_WITHIN = Pattern.compile("((?:\\d+|[一二两三四五六七八九十]+)\\s*(?:个)?(?:工作)?(?:天|日|周|个月|月|年))\\s*内");
    private static final Pattern EN_AGE = Pattern.compile("\\bunder (\\d+)\\b");
    private static final Pattern ZH_AGE = Pattern.compile("未满\\s*(\\d+)\\s*岁");
    private static final List<String> NUMBER_WORDS = List.of("zero", "one", "two", "three", "four", "five", "six",
            "seven", "eight", "nine", "ten", "eleven", "twelve");

    /**
     * The notice's prose may not contradict the rule it describes: every period a retention rule's text
     * names is the rule's own duration; an age in the children's text is the age the rule sets; a
     * sharing section that says nothing is sold allows no purpose that is a sale or sharing.
     */
    private void checkProse(Policy policy) {
        for (RetentionRule rule : policy.retention()) {
            Location where = references.texts.get("retention." + rule.id());
            for (Map.Entry<String, String> text : rule.text().byLanguage().entrySet()) {
                for (Period said : durations(text.getValue())) {
                    if (!sameLength(said, rule.duration())) {
                        problems.add(where, "TEXT_CONTRADICTS_RULE", "the " + text.getKey() + " text of retention "
                                + "rule '" + rule.id() + "' says " + said + " but its duration is " + rule.duration()
                                + "; state the rule's own period");
                    }
                }
            }
        }
        Location children = references.texts.get("children");
        for (Map.Entry<String, String> text : policy.children().text().byLanguage().entrySet()) {
            for (int age : ages(text.getValue())) {
                if (age != policy.children().guardianRequiredUnder()) {
                    problems.add(children, "TEXT_CONTRADICTS_RULE", "the " + text.getKey() + " children's text "
                            + "names age " + age + " but guardian_required_under is "
                            + policy.children().guardianRequiredUnder());
                }
            }
        }
        List<Purpose> sold = policy.purposes().values().stream().filter(purpose -> purpose.sale() || purpose.sharing())
                .toList();
        for (Section section : policy.sections()) {
            if (section.content() != SectionContent.RECIPIENTS || sold.isEmpty()) {
                continue;
            }
            for (Map.Entry<String, String> text : section.text().byLanguage().entrySet()) {
                if (saysNotSold(text.getValue())) {
                    problems.add(references.texts.get("section." + section.id()), "TEXT_CONTRADICTS_RULE", "the "
                            + text.getKey() + " text of section '" + section.id() + "' says personal information is "
                            + "not sold, but purpose '" + sold.get(0).key() + "' is a sale or sharing");
                }
            }
        }
        for (JurisdictionRules rules : policy.jurisdictions().values()) {
            checkJurisdictionProse(rules, sold);
        }
    }

    /**
     * A jurisdiction's own texts (rights channels, disclosures): a time to answer ("within 45 days", "45 天内")
     * is one of its deadlines, an age ("under 13", "未满 14 岁") is its guardian-consent age, and "not sold"
     * holds only when no purpose is a sale or sharing.
     */
    private void checkJurisdictionProse(JurisdictionRules rules, List<Purpose> sold) {
        Location where = references.jurisdictions.get(rules.code().value());
        Set<Period> deadlines = new java.util.HashSet<>();
        for (Deadline deadline : rules.deadlines().values()) {
            for (Period period : List.of(deadline.period(), deadline.extension(), deadline.acknowledge(),
                    deadline.period().plus(deadline.extension()))) {
                deadlines.add(period.normalized());
            }
        }
        List<LocalizedText> texts = new ArrayList<>(rules.disclosures());
        if (rules.rightsChannels() != null) {
            texts.add(rules.rightsChannels());
        }
        for (LocalizedText localized : texts) {
            for (Map.Entry<String, String> text : localized.byLanguage().entrySet()) {
                String label = "the " + text.getKey() + " text of jurisdiction '" + rules.code().value() + "'";
                for (Period said : answerTimes(text.getValue())) {
                    if (!deadlines.contains(said.normalized())) {
                        problems.add(where, "TEXT_CONTRADICTS_RULE", label + " promises an answer within " + said
                                + " but its deadlines are " + rules.deadlines().values().stream().map(Deadline::period)
                                .distinct().sorted(java.util.Comparator.comparing(Period::toString)).toList()
                                + "; state the deadline the rules apply");
                    }
                }
                if (rules.guardianConsentUnder() > 0) {
                    for (int age : ages(text.getValue())) {
                        if (age != rules.guardianConsentUnder()) {
                            problems.add(where, "TEXT_CONTRADICTS_RULE", label + " names age " + age
                                    + " but guardian_consent_under is " + rules.guardianConsentUnder());
                        }
                    }
                }
                if (!sold.isEmpty() && saysNotSold(text.getValue())) {
                    problems.add(where, "TEXT_CONTRADICTS_RULE", label + " says personal information is not sold, "
                            + "but purpose '" + sold.get(0).key() + "' is a sale or sharing");
                }
            }
        }
    }

    /** Every age {@code text} names as a limit ("under 14", "未满 14 岁"). */
    private static List<Integer> ages(String text) {
        List<Integer> found = new ArrayList<>();
        for (Pattern age : List.of(EN_AGE, ZH_AGE)) {
            Matcher matched = age.matcher(text);
            while (matched.find()) {
                found.add(Integer.parseInt(matched.group(1)));
            }
        }
        return found;
    }

    private static boolean saysNotSold(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.contains("do not sell") || lower.contains("never sell") || lower.contains("not sold")
                || lower.contains("have not sold") || lower.contains("不出售") || lower.contains("没有出售")
                || lower.contains("未出售");
    }

    /** The periods {@code text} promises to answer within: "within 45 days", "45 天内", "十五个工作日内". */
    private static List<Period> answerTimes(String text) {
        List<Period> found = new ArrayList<>();
        Matcher en = EN_WITHIN.matcher(text);
        while (en.find()) {
            found.addAll(durations(en.group(1).replaceAll("(?i) (business|working|calendar)", "")));
        }
        Matcher zh = ZH_WITHIN.matcher(text);
        while (zh.find()) {
            String before = text.substring(Math.max(0, zh.start() - 3), zh.start());
            if (before.contains("过去") || before.contains("最近")) {
                continue; // "in the past twelve months": a look back, not a time to answer
            }
            found.addAll(durations(zh.group(1).replace("个工作", "").replace("工作", "")));
        }
        return found;
    }

    /** Every period {@code text} names, in English or Chinese. */
    private static List<Period> durations(String text) {
        List<Period> found = new ArrayList<>();
        Matcher en = EN_DURATION.matcher(text);
        while (en.find()) {
            String number = en.group(1).toLowerCase(Locale.ROOT);
            int n = number.chars().allMatch(Character::isDigit) ? Integer.parseInt(number) : NUMBER_WORDS.indexOf(number);
            found.add(period(n, en.group(2).toLowerCase(Locale.ROOT)));
        }
        Matcher zh = ZH_DURATION.matcher(text);
        while (zh.find()) {
            String unit = switch (zh.group(2)) {
                case "天", "日" -> "day";
                case "周" -> "week";
                case "个月" -> "month";
                default -> "year";
            };
            found.add(period(chineseNumber(zh.group(1)), unit));
        }
        return found;
    }

    private static Period period(int n, String unit) {
        return switch (unit) {
            case "day" -> Period.ofDays(n);
            case "week" -> Period.ofWeeks(n);
            case "month" -> Period.ofMonths(n);
            default -> Period.ofYears(n);
        };
    }

    /** 90, 九十, 三, 十二 as numbers. */
    private static int chineseNumber(String text) {
        if (text.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(text);
        }
        String digits = "零一二三四五六七八九";
        int value = 0;
        int current = 0;
        for (char c : text.toCharArray()) {
            if (c == '十') {
                value += (current == 0 ? 1 : current) * 10;
                current = 0;
            } else {
                current = c == '两' ? 2 : digits.indexOf(c);
            }
        }
        return value + current;
    }

    /** P12M and P1Y name the same period. */
    private static boolean sameLength(Period said, Period rule) {
        return said.normalized().equals(rule.normalized());
    }


    private void checkLegalBasis(Policy policy, CategoryKey category) {
        boolean used = policy.purposes().values().stream().anyMatch(purpose -> purpose.categories().contains(category));
        Location where = references.categories.get(category.value());
        if (!used) {
            problems.add(where, "UNUSED_CATEGORY", "category '" + category + "' is collected but no purpose uses it; "
                    + "add it to a purpose's categories or remove it");
            return;
        }
        for (Jurisdiction jurisdiction : policy.jurisdictions().keySet()) {
            boolean lawful = policy.purposes().values().stream().anyMatch(purpose ->
                    purpose.categories().contains(category) && purpose.basisIn(jurisdiction).isPresent());
            if (!lawful) {
                problems.add(where, "NO_LEGAL_BASIS", "category '" + category + "' has no purpose with a legal basis in "
                        + jurisdiction + "; give one of its purposes a basis for " + jurisdiction + " or DEFAULT");
            }
        }
    }

    private void checkBasesOffered(Policy policy, Purpose purpose) {
        for (Map.Entry<Jurisdiction, JurisdictionRules> entry : policy.jurisdictions().entrySet()) {
            JurisdictionRules rules = entry.getValue();
            if (rules.legalBases().isEmpty()) {
                continue;
            }
            purpose.basisIn(entry.getKey()).filter(basis -> !rules.legalBases().contains(basis)).ifPresent(basis ->
                    problems.add(references.purposes.get(purpose.key().value()), "BASIS_NOT_OFFERED", "purpose '"
                            + purpose.key() + "' relies on " + basis.key() + " in " + entry.getKey() + ", which lists "
                            + "only " + rules.legalBases().stream().map(LegalBasis::key).toList()));
        }
    }

    private void checkRecipientUse(Policy policy, Recipient recipient) {
        for (CategoryKey category : recipient.categories()) {
            boolean declared = recipient.purposes().stream().map(policy.purposes()::get)
                    .anyMatch(purpose -> purpose != null && purpose.categories().contains(category));
            if (!declared) {
                problems.add(references.recipients.get(recipient.key().value()), "UNDECLARED_USE", "recipient '"
                        + recipient.key() + "' receives '" + category + "' but none of its purposes "
                        + recipient.purposes() + " uses that category");
            }
        }
    }

    private void checkTransfers(Policy policy, Recipient recipient) {
        if (recipient.country().isEmpty()) {
            return;
        }
        for (JurisdictionRules rules : policy.jurisdictions().values()) {
            boolean abroad = !rules.countries().isEmpty()
                    && (recipient.isWorldwide() || !rules.countries().contains(recipient.country()));
            if (abroad && recipient.transfer().mechanismFor(rules.code()).isEmpty()) {
                problems.add(references.recipients.get(recipient.key().value()), "NO_TRANSFER_MECHANISM", "recipient '"
                        + recipient.key() + "' in " + recipient.country() + " receives data from " + rules.code()
                        + " without a transfer mechanism; add transfer.mechanisms." + rules.code() + " or DEFAULT");
            }
        }
    }

    private void checkSale(Policy policy) {
        for (Purpose purpose : policy.purposes().values()) {
            if (!purpose.sale() && !purpose.sharing()) {
                continue;
            }
            for (JurisdictionRules rules : policy.jurisdictions().values()) {
                if (rules.code().value().startsWith("US") && !rules.rights().contains(Right.OPT_OUT_SALE)) {
                    problems.add(references.purposes.get(purpose.key().value()), "SALE_WITHOUT_OPT_OUT", "purpose '"
                            + purpose.key() + "' is a sale or sharing, but " + rules.code() + " does not offer "
                            + "opt_out_sale");
                }
            }
        }
    }
}
