package dev.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.policy.Policy;
import dev.steward.policy.PolicyLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The loaders count what they have written, so that {@code steward bench}'s progress lines reach the
 * total they announce ("n of total subjects loaded", then "loaded, measuring") and never pass it.
 */
class BenchProgressTest {
    private final Policy policy = new PolicyLoader().load(Path.of("policies/reference.yaml"));

    @Test
    void theAccessLoaderCountsEverySubjectInTheVaultAndBothStores() throws Exception {
        AccessBench bench = new AccessBench(policy, 10_500, 2);
        bench.run();
        assertThat(bench.loaded()).isEqualTo(3L * 10_500);
    }

    @Test
    void theErasureLoaderCountsEverySubjectItWrites() throws Exception {
        ErasureBench bench = new ErasureBench(policy, 2, 30, 10, "");
        bench.run();
        assertThat(bench.loaded()).isEqualTo(2L * 2 + 3L * 30);
    }
}
