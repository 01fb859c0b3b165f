package dev.steward.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.policy.Policy;
import dev.steward.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NoticeRendererTest {
    static Policy policy;
    static final NoticeRenderer RENDERER = new NoticeRenderer();

    /** The section headings of the reference notice, in order, as its table of contents gives them. */
    static final List<String> ZH_SECTIONS = List.of("我们收集的个人信息", "我们如何使用个人信息", "Cookies",
            "我们如何共享个人信息", "个人信息的位置", "我们如何保护信息安全", "互联网广告和第三方广告", "访问和选择",
            "儿童的个人信息", "个人信息的保存", "联系方式、通知和修订", "欧盟-美国和瑞士-美国隐私盾",
            "关于某些司法管辖区的其他信息", "所收集的信息示例");
    static final List<String> ZH_JURISDICTIONS = List.of("巴西", "加利福尼亚州", "加拿大", "哥斯达黎加",
            "欧洲经济区、英国和瑞士", "印度", "日本", "马来西亚", "韩国");
    static final List<String> EN_SECTIONS = List.of("Personal Information We Collect",
            "How We Use Personal Information", "Cookies", "How We Share Personal Information",
            "Location of Personal Information", "How We Secure Information", "Internet Advertising and Third Parties",
            "Access and Choice", "Children's Personal Information", "Retention of Personal Information",
            "Contacts, Notices and Revisions", "EU-US and Swiss-US Privacy Shield",
            "Additional Information for Certain Jurisdictions", "Examples of Information Collected");
    static final List<String> EN_JURISDICTIONS = List.of("Brazil", "California", "Canada", "Costa Rica",
            "European Economic Area, United Kingdom and Switzerland", "India", "Japan", "Malaysia", "Korea");

    @BeforeAll
    static void load() {
        policy = new PolicyLoader().load(Path.of("policies/reference.yaml"));
    }

    @Test
    void chineseNoticeHasEverySectionHeadingInOrder() {
        String markdown = RENDERER.render(policy, "zh-CN").markdown();
        assertHeadingsInOrder(markdown, "## ", ZH_SECTIONS);
        assertHeadingsInOrder(markdown, "### ", ZH_JURISDICTIONS);
    }

    @Test
    void englishNoticeHasEverySectionHeadingInOrder() {
        String markdown = RENDERER.render(policy, "en").markdown();
        assertHeadingsInOrder(markdown, "## ", EN_SECTIONS);
        assertHeadingsInOrder(markdown, "### ", EN_JURISDICTIONS);
    }

    @Test
    void chineseNoticeHasEveryRowOfTheKoreanTables() {
        String markdown = RENDERER.render(policy, "zh-CN").markdown();
        assertThat(markdown).contains("| BusinessOnCommunication Co., Ltd. | 开具付款发票 |", "| Marketo | 客户沟通 |",
                "| NHN KCP Corp. | 支付工具处理和开具发票 |", "| PaymentTech | 支付工具处理 |",
                "| Salesforce | 客户关系管理 |", "| General Agent | 境内代理商服务 |");
        assertThat(markdown).contains(
                "| Marketo (privacyofficer@marketo.com) | 美国 | 本隐私政策中所述的个人信息 | 客户沟通 | 根据需要通过信息网络传输 | 按本隐私政策所述 |",
                "| Salesforce (privacy@salesforce.com) | 美国 | 本隐私政策中所述的个人信息 | 客户关系管理 | 根据需要通过信息网络传输 | 按本隐私政策所述 |",
                "| PaymentTech (+1-800-935-9935) | 美国 | 本隐私政策中所述的个人信息 | 支付工具处理 | 根据需要通过信息网络传输 | 按本隐私政策所述 |");
        assertThat(overseasRows(markdown)).isEqualTo(3);
    }

    @Test
    void englishNoticeHasEveryRowOfTheKoreanTables() {
        String markdown = RENDERER.render(policy, "en").markdown();
        assertThat(markdown).contains("| BusinessOnCommunication Co., Ltd. | Issuing payment invoices |",
                "| Marketo | Customer communications |", "| NHN KCP Corp. | Payment instrument processing and invoicing |",
                "| PaymentTech | Payment instrument processing |", "| Salesforce | Customer relationship management |",
                "| General Agent | Domestic agent services |");
        assertThat(markdown).contains("| Marketo (privacyofficer@marketo.com) | United States |",
                "| Salesforce (privacy@salesforce.com) | United States |", "| PaymentTech (+1-800-935-9935) | United States |");
    }

    @Test
    void statesTheKeyFactsOfTheReferencePolicy() {
        String zh = RENDERER.render(policy, "zh-CN").markdown();
        assertThat(zh).contains("2022年9月1日", "90 天", "14 岁", "18 岁", "aws-EU-privacy@amazon.com",
                "aws-brasil-privacy@amazon.com", "AWS@generalagent.co.kr", "(02) 735 6888", "aws-korea-privacy@amazon.com",
                "410 Terry Avenue North", "3-1-1 Kamiosaki", "Nehru Place", "San Francisco de Heredia",
                "38 Avenue John F. Kennedy", "Presidente Juscelino Kubitschek", "PCI DSS", "粉碎");
        String en = RENDERER.render(policy, "en").markdown();
        assertThat(en).contains("1 September 2022", "90 days", "We answer within 45 days", "10 business days",
                "Identifiers", "Education information", "CNPD", "ANPD", "not sold");
    }

    @Test
    void htmlIsACompletePageThatEscapesText() {
        String html = RENDERER.render(policy, "en").html();
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<html lang=\"en\">", "<h2 id=\"jurisdictions\">")
                .contains("Children&#39;s Personal Information").doesNotContain("<script");
        assertThat(html.split("<table>", -1).length - 1).isGreaterThanOrEqualTo(8);
    }

    @Test
    void refusesALanguageThePolicyDoesNotHave() {
        assertThatThrownBy(() -> RENDERER.render(policy, "fr")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fr'");
    }

    private static void assertHeadingsInOrder(String markdown, String prefix, List<String> headings) {
        List<String> found = markdown.lines().filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()).replace("\\", "")).toList();
        assertThat(found).containsSubsequence(headings);
    }

    private static long overseasRows(String markdown) {
        return markdown.lines().filter(line -> line.contains("本隐私政策中所述的个人信息")).count();
    }
}
