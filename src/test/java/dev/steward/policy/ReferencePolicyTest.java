package dev.steward.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Period;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReferencePolicyTest {
    static final Path REFERENCE = Path.of("policies/reference.yaml");
    static Policy policy;

    @BeforeAll
    static void load() {
        policy = new PolicyLoader().load(REFERENCE);
    }

    @Test
    void lintsClean() {
        assertThat(new PolicyLoader().lint(REFERENCE)).isEmpty();
    }

    @Test
    void declaresTheStableKeysOfTheContract() {
        assertThat(keys(policy.purposes().keySet())).contains("provide", "improve", "personalize", "legal_obligation",
                "communicate", "marketing", "marketing.interest_based_ads", "fraud_prevention");
        assertThat(keys(policy.categories().keySet())).contains("contact.name", "contact.email", "contact.phone",
                "contact.address", "payment.card", "payment.bank_account", "location.device", "organization.contacts",
                "credentials", "communications.content", "biometric.image", "biometric.voice", "government_id",
                "financial.company", "tax.identifier", "network.ip", "device.info", "usage.content_interaction",
                "usage.service_metrics", "usage.clickstream", "cookie.identifier", "marketing.leads",
                "commerce.history", "credit.history", "content", "billing.invoice");
        assertThat(keys(policy.recipients().keySet())).contains("affiliates", "marketplace_sellers",
                "service_providers", "service_providers.marketo", "service_providers.salesforce",
                "service_providers.paymenttech", "service_providers.businessoncommunication",
                "service_providers.nhn_kcp", "service_providers.general_agent", "business_transfer",
                "legal_protection");
        assertThat(keys(policy.jurisdictions().keySet())).containsExactlyInAnyOrder("DEFAULT", "BR", "US-CA", "CA",
                "CR", "EEA", "UK", "CH", "IN", "JP", "MY", "KR");
    }

    @Test
    void keepsContentNinetyDaysAfterAccountClosure() {
        RetentionRule rule = policy.retention().stream().filter(r -> r.id().equals("content_after_closure"))
                .findFirst().orElseThrow();
        assertThat(rule.categories()).containsExactly(CategoryKey.of("content"));
        assertThat(rule.trigger()).isEqualTo(RetentionTrigger.ACCOUNT_CLOSED);
        assertThat(rule.duration()).isEqualTo(Period.ofDays(90));
        assertThat(rule.hold()).isEmpty();
    }

    @Test
    void keepsInvoicesUnderTheTaxHold() {
        assertThat(policy.retention()).anySatisfy(rule -> {
            assertThat(rule.categories()).contains(CategoryKey.of("billing.invoice"));
            assertThat(rule.hold()).isEqualTo("tax_accounting");
        });
    }

    @Test
    void encodesTheChildrenRules() {
        assertThat(policy.children().guardianRequiredUnder()).isEqualTo(18);
        assertThat(policy.rulesFor(Jurisdiction.of("KR")).guardianConsentUnder()).isEqualTo(14);
    }

    @Test
    void listsTheKoreanProcessorsAndOverseasTransfers() {
        Set<String> listed = policy.recipients().values().stream()
                .filter(r -> r.listedIn().contains(Jurisdiction.of("KR"))).map(Recipient::name)
                .collect(Collectors.toSet());
        assertThat(listed).containsExactlyInAnyOrder("BusinessOnCommunication Co., Ltd.", "Marketo",
                "NHN KCP Corp.", "PaymentTech", "Salesforce", "General Agent");
        Recipient marketo = policy.findRecipient(RecipientKey.of("service_providers.marketo")).orElseThrow();
        assertThat(marketo.country()).isEqualTo("US");
        assertThat(marketo.contact()).isEqualTo("privacyofficer@marketo.com");
        assertThat(marketo.transfer().mechanismFor(Jurisdiction.of("KR"))).contains(TransferMechanism.DISCLOSED_IN_POLICY);
    }

    @Test
    void carriesCaliforniaDeadlinesAndMarksUnverifiedValues() {
        Deadline california = policy.rulesFor(Jurisdiction.of("US-CA")).deadlineFor("access").orElseThrow();
        assertThat(california.period()).isEqualTo(Period.ofDays(45));
        assertThat(california.extension()).isEqualTo(Period.ofDays(45));
        assertThat(california.acknowledge()).isEqualTo(Period.ofDays(10));
        assertThat(california.acknowledgeCounting()).isEqualTo(DayCounting.BUSINESS);
        assertThat(policy.rulesFor(Jurisdiction.of("US-CA")).deadlineFor("opt_out_sale").orElseThrow().counting())
                .isEqualTo(DayCounting.BUSINESS);
        assertThat(policy.rulesFor(Jurisdiction.of("CR")).unverified()).containsKey("deadlines.default");
        assertThat(policy.rulesFor(Jurisdiction.of("IN")).unverified()).containsKey("deadlines.default");
    }

    @Test
    void doesNotSellPersonalInformation() {
        assertThat(policy.purposes().values()).noneMatch(Purpose::sale);
    }

    @Test
    void unknownJurisdictionsFallBackToDefault() {
        assertThat(policy.rulesFor(Jurisdiction.of("AU")).code()).isEqualTo(Jurisdiction.DEFAULT);
    }

    private static Set<String> keys(Set<?> keys) {
        return keys.stream().map(Object::toString).collect(Collectors.toSet());
    }
}
