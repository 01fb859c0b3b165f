package dev.steward.dsr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.policy.Deadline;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.Policy;
import dev.steward.policy.PolicyLoader;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each jurisdiction's deadline for a request received on a fixed day, as the reference policy sets it. */
class DeadlinesTest {
    static Policy policy;

    @BeforeAll
    static void load() {
        policy = new PolicyLoader().load(Path.of("policies/reference.yaml"));
    }

    @ParameterizedTest(name = "{0} {1} received {2}: due {3}, extended {4}, acknowledge {5}")
    @CsvSource(textBlock = """
            # jurisdiction, type,        received,    due,         extended,    acknowledge
            EEA,     access,             2026-01-31, 2026-02-28, 2026-04-28, -
            EEA,     erase,              2028-01-31, 2028-02-29, 2028-04-29, -
            EEA,     access,             2026-03-15, 2026-04-15, 2026-06-15, -
            UK,      access,             2026-08-31, 2026-09-30, 2026-11-30, -
            CH,      access,             2026-01-31, 2026-03-02, 2026-03-02, -
            US-CA,   access,             2026-01-05, 2026-02-19, 2026-04-05, 2026-01-19
            US-CA,   erase,              2026-12-30, 2027-02-13, 2027-03-30, 2027-01-13
            US-CA,   opt_out_sale,       2026-01-09, 2026-01-30, 2026-01-30, -
            US-CA,   opt_out_sale,       2026-01-10, 2026-01-30, 2026-01-30, -
            US-CA,   limit_sensitive,    2026-01-05, 2026-01-26, 2026-01-26, -
            BR,      access,             2026-02-20, 2026-03-07, 2026-03-07, -
            CA,      access,             2026-01-31, 2026-03-02, 2026-04-01, -
            CR,      access,             2026-01-09, 2026-01-16, 2026-01-16, -
            CR,      rectify,            2026-01-05, 2026-01-12, 2026-01-12, -
            JP,      access,             2026-01-25, 2026-02-08, 2026-02-08, -
            KR,      access,             2026-01-25, 2026-02-04, 2026-02-04, -
            KR,      erase,              2026-02-25, 2026-03-07, 2026-03-07, -
            IN,      access,             2026-01-01, 2026-04-01, 2026-04-01, -
            MY,      access,             2026-01-31, 2026-02-21, 2026-03-07, -
            DEFAULT, access,             2026-01-31, 2026-03-02, 2026-03-02, -
            AU,      access,             2026-01-31, 2026-03-02, 2026-03-02, -
            """)
    void deadlineFollowsTheRules(String jurisdiction, String type, String received, String due, String extended,
                                 String acknowledge) {
        Deadline deadline = policy.rulesFor(Jurisdiction.of(jurisdiction)).deadlineFor(type).orElseThrow();
        Instant at = Instant.parse(received + "T10:15:00Z");
        assertThat(Deadlines.due(deadline, at)).isEqualTo(endOf(due));
        assertThat(Deadlines.extended(deadline, at)).isEqualTo(endOf(extended));
        assertThat(Deadlines.acknowledgeBy(deadline, at)).isEqualTo(acknowledge.equals("-") ? null : endOf(acknowledge));
    }

    private static Instant endOf(String day) {
        return Instant.parse(day + "T23:59:59.999999999Z");
    }
}
