package dev.steward.decision;

import dev.steward.policy.LegalBasis;
import dev.steward.policy.Policy;
import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Answers "may this data be used for this purpose (and go to this recipient)?" from the compiled
 * policy and the subject's state, in a fixed order of checks: the purpose is declared for the
 * category; it has a legal basis in the subject's jurisdiction; the account is open (or the purpose
 * is one the law or a hold keeps alive); processing is not restricted or objected to; children's
 * rules; consent where the basis is consent; opt-outs and channel preferences; the limit on
 * sensitive data; the recipient's declared purposes, categories and transfer safeguard. Every
 * answer carries a reason and the legal basis. Thread-safe.
 */
public final class DecisionEngine implements Decisions {
    private final Supplier<Policy> policy;
    private final Function<String, Optional<Policy>> versions;
    private final SubjectStates states;
    private final Clock clock;
    private volatile CompiledPolicy compiled;
    private final Map<String, CompiledPolicy> earlier = new ConcurrentHashMap<>();
    private final Map<LegalBasis, Decision> allowed = new EnumMap<>(LegalBasis.class);

    public DecisionEngine(Supplier<Policy> policy, SubjectStates states, Clock clock) {
        this(policy, version -> Optional.empty(), states, clock);
    }

    /**
     * {@code versions} finds earlier policy versions by name, for subjects who still hold data under
     * the terms of a version before a material change.
     */
    public DecisionEngine(Supplier<Policy> policy, Function<String, Optional<Policy>> versions, SubjectStates states,
                          Clock clock) {
        this.policy = policy;
        this.versions = versions;
        this.states = states;
        this.clock = clock;
        for (LegalBasis basis : LegalBasis.values()) {
            allowed.put(basis, Decision.allow(basis == LegalBasis.CONSENT ? Reason.CONSENT_GIVEN
                    : Reason.DECLARED_PURPOSE, basis.key()));
        }
    }

    @Override
    public Decision decide(DecisionRequest request) {
        SubjectState subject = states.get(request.subjectId());
        CompiledPolicy current = subject.termsVersion() == null ? compiled() : compiledFor(subject.termsVersion());
        Integer purpose = current.purposes.get(request.purpose().value());
        if (purpose == null) {
            return Decision.deny(Reason.UNKNOWN_PURPOSE);
        }
        Integer category = current.categories.get(request.category().value());
        if (category == null) {
            return Decision.deny(Reason.UNKNOWN_CATEGORY);
        }
        int recipient = -1;
        if (request.recipient() != null) {
            Integer found = current.recipients.get(request.recipient().value());
            if (found == null) {
                return Decision.deny(Reason.UNKNOWN_RECIPIENT);
            }
            recipient = found;
        }
        return decide(current, subject, category, purpose, recipient, request.channel(), LocalDate.now(clock));
    }

    /** Whether {@code subjectId} exists (for APIs that must tell an unknown subject from a refusal). */
    public void requireSubject(String subjectId) {
        states.get(subjectId);
    }

    Decision decide(CompiledPolicy policy, SubjectState subject, int category, int purpose, int recipient,
                    String channel, LocalDate today) {
        if (!policy.declared[purpose][category]) {
            return Denials.NOT_DECLARED;
        }
        int jurisdiction = policy.jurisdiction(subject.jurisdiction());
        LegalBasis basis = policy.basis[purpose][jurisdiction];
        if (basis == null) {
            return Denials.NO_LEGAL_BASIS;
        }
        if (subject.erased() && !heldFor(policy, subject, category, purpose)) {
            return Denials.ERASED;
        }
        Decision state = checkSubject(policy, subject, purpose, jurisdiction, basis, today);
        if (state != null) {
            return state;
        }
        Decision choice = checkChoices(policy, subject, category, purpose, basis, channel);
        if (choice != null) {
            return choice;
        }
        if (recipient >= 0) {
            if (!policy.recipientPurpose[recipient][purpose]) {
                return Denials.RECIPIENT_PURPOSE;
            }
            if (!policy.recipientCategory[recipient][category]) {
                return Denials.RECIPIENT_CATEGORY;
            }
            if (!policy.transferAllowed[recipient][jurisdiction]) {
                return Denials.NO_TRANSFER_MECHANISM;
            }
            if (policy.transferNeedsConsent[recipient][jurisdiction] && !"granted".equals(subject.choices()
                    .get("transfer." + policy.recipientKeys[recipient]))) {
                return Denials.TRANSFER_CONSENT_MISSING;
            }
        }
        return allowed.get(basis);
    }

    /** Whether an erased subject's hold still keeps {@code category} and the purpose is one a hold serves. */
    private static boolean heldFor(CompiledPolicy policy, SubjectState subject, int category, int purpose) {
        if (!policy.allowedWhenHeld[purpose]) {
            return false;
        }
        dev.steward.policy.CategoryKey asked = dev.steward.policy.CategoryKey.of(policy.categoryKeys[category]);
        for (String held : subject.heldCategories()) {
            if (asked.isWithin(dev.steward.policy.CategoryKey.of(held))) {
                return true;
            }
        }
        return false;
    }

    private static Decision checkSubject(CompiledPolicy policy, SubjectState subject, int purpose, int jurisdiction,
                                         LegalBasis basis, LocalDate today) {
        if (subject.closed() && !policy.allowedWhenClosed[purpose]) {
            return Denials.ACCOUNT_CLOSED;
        }
        if (subject.flag("restrict") && !policy.allowedWhenHeld[purpose]) {
            return Denials.RESTRICTED;
        }
        for (int ancestor : policy.ancestors[purpose]) {
            if (subject.flag("object." + policy.purposeKeys[ancestor])) {
                return Denials.OBJECTED;
            }
        }
        LocalDate birth = subject.birthDate();
        if (birth != null) {
            int localAge = policy.guardianConsentUnder[jurisdiction];
            boolean needsGuardian = policy.guardianConsentForAll[jurisdiction] || basis == LegalBasis.CONSENT;
            if (localAge > 0 && needsGuardian && today.isBefore(birth.plusYears(localAge))
                    && !"granted".equals(subject.choices().get("guardian_consent"))) {
                return Denials.GUARDIAN_CONSENT_MISSING;
            }
            if (policy.notOfferedToChildren[purpose] && today.isBefore(birth.plusYears(policy.guardianRequiredUnder))
                    && !subject.hasGuardian()) {
                return Denials.CHILD_GUARDIAN_REQUIRED;
            }
        }
        return null;
    }

    private static Decision checkChoices(CompiledPolicy policy, SubjectState subject, int category, int purpose,
                                         LegalBasis basis, String channel) {
        String key = policy.purposeKeys[purpose];
        if (basis == LegalBasis.CONSENT) {
            String consent = subject.choices().get("consent." + key);
            if (!"granted".equals(consent)) {
                return consent == null ? Denials.CONSENT_MISSING : Denials.CONSENT_WITHDRAWN;
            }
        }
        for (int ancestor : policy.ancestors[purpose]) {
            if ("withdrawn".equals(subject.choices().get("consent." + policy.purposeKeys[ancestor]))) {
                return Denials.CONSENT_WITHDRAWN;
            }
        }
        if (policy.saleOrSharing[purpose] && subject.flag("opt_out.sale_sharing")) {
            return Denials.OPTED_OUT_SALE_SHARING;
        }
        if (policy.interestBasedAds[purpose] && subject.flag("opt_out.interest_based_ads")) {
            return Denials.OPTED_OUT_ADS;
        }
        if (channel != null) {
            for (int ancestor : policy.ancestors[purpose]) {
                if ("off".equals(subject.choices().get("channel." + policy.purposeKeys[ancestor] + "." + channel))) {
                    return Denials.CHANNEL_OFF;
                }
            }
        }
        if (policy.sensitive[category] && subject.flag("limit.sensitive") && !policy.permittedWhenLimited[purpose]) {
            return Denials.SENSITIVE_LIMITED;
        }
        return null;
    }

    private CompiledPolicy compiledFor(String version) {
        return earlier.computeIfAbsent(version, key -> new CompiledPolicy(versions.apply(key)
                .orElseThrow(() -> new IllegalStateException("policy version " + key + " is not stored"))));
    }

    private CompiledPolicy compiled() {
        Policy current = policy.get();
        CompiledPolicy cached = compiled;
        if (cached == null || cached.policy != current) {
            cached = new CompiledPolicy(current);
            compiled = cached;
        }
        return cached;
    }
}
