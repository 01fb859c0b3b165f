package dev.steward.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.notice.NoticeRenderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranslationFileTest {
    static final Path TRANSLATED = Path.of("src/test/resources/policies/translated/minimal.yaml");

    @Test
    void aTranslationFileAddsALanguage() {
        Policy policy = new PolicyLoader().load(TRANSLATED);
        assertThat(policy.meta().languages()).containsExactly("en", "zh-CN", "ms");
        assertThat(policy.findPurpose(PurposeKey.of("provide")).orElseThrow().title().in("ms"))
                .isEqualTo("Menyediakan perkhidmatan");
        assertThat(new NoticeRenderer().render(policy, "ms").markdown()).contains("# Notis minimum",
                "## Cara kami menggunakan maklumat");
    }

    @Test
    void aMissingTranslatedTextIsReportedWhereTheTextIs(@TempDir Path dir) throws Exception {
        Files.copy(TRANSLATED, dir.resolve("minimal.yaml"));
        String translation = Files.readString(TRANSLATED.resolveSibling("minimal.ms.yaml"), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("minimal.ms.yaml"), translation.replace("  holds.tax.title: Cukai\n", "")
                .replace("of: minimal", "of: other"));
        assertThat(new PolicyLoader().lint(dir.resolve("minimal.yaml")).stream().map(Problem::toString))
                .contains(dir.resolve("minimal.yaml") + ":49:12: MISSING_TRANSLATION 'holds.tax.title' has no 'ms' "
                        + "text; add it here or in a translation file")
                .contains(dir.resolve("minimal.ms.yaml") + ":1:19: TRANSLATION_MISMATCH this translation is of "
                        + "'other', but the policy id is 'minimal'");
    }
}
