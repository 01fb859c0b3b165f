package dev.steward.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.dsr.RequestApiTest.MovableClock;
import dev.steward.store.Database;
import dev.steward.store.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The change log is compacted without breaking its readers: a reader from the beginning (or from any
 * old cursor) ends with the same state of every key as one that read every change; what is younger than
 * the window stays whole; an erased subject keeps only its erasure.
 */
class CompactionTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aReaderOfTheCompactedLogEndsWithTheStateOfOneThatReadEveryChange(TestDatabases kind) {
        Database database = kind.open(dir);
        MovableClock clock = new MovableClock();
        ChangeLog log = new ChangeLog(database, clock, "node_a");
        Compaction compaction = new Compaction(log, clock, Duration.ofDays(7));

        record(database, log, Change.CONSENT, "sub_a", "consent.marketing", "granted");
        String oldCursor = log.head();
        record(database, log, Change.CONSENT, "sub_a", "consent.marketing", "withdrawn");
        record(database, log, Change.CONSENT, "sub_a", "consent.analytics", "granted");
        record(database, log, Change.ACCOUNT, "sub_a", "status", "closed");
        record(database, log, Change.ACCOUNT, "sub_a", "status", "active");
        record(database, log, Change.POLICY, null, "version", "2026-01");
        record(database, log, Change.POLICY, null, "version", "2026-02");
        record(database, log, Change.CONSENT, "sub_b", "consent.marketing", "granted");
        record(database, log, Change.ERASURE, "sub_b", "record", "rec_1");
        record(database, log, Change.ERASURE, "sub_b", "subject", null);
        record(database, log, Change.ERASURE, "sub_c", "record", "rec_2");
        record(database, log, Change.ERASURE, "sub_c", "record", "rec_3");
        clock.advance(Duration.ofDays(8));
        // younger than the window: stays whole, also what it supersedes within the window
        record(database, log, Change.CONSENT, "sub_a", "consent.marketing", "granted");
        record(database, log, Change.CONSENT, "sub_a", "consent.marketing", "withdrawn");
        Map<String, String> everything = state(log, "0.0");
        int before = log.after("0.0", 1000).size();

        int dropped = compaction.run();

        List<Change> left = log.after("0.0", 1000);
        assertThat(dropped).isEqualTo(before - left.size()).isEqualTo(5);
        assertThat(state(log, "0.0")).as("state from the beginning").isEqualTo(everything);
        assertThat(state(log, oldCursor)).as("state from an old cursor").containsAllEntriesOf(
                Map.of("consent/sub_a/consent.marketing", "withdrawn", "account/sub_a/status", "active"));
        assertThat(left).filteredOn(change -> "sub_b".equals(change.subjectId())).as("an erased subject")
                .extracting(Change::kind, Change::name).containsExactly(org.assertj.core.groups.Tuple.tuple(
                        Change.ERASURE, "subject"));
        assertThat(left).filteredOn(change -> "sub_c".equals(change.subjectId())).as("record erasures are facts")
                .extracting(Change::value).containsExactly("rec_2", "rec_3");
        assertThat(left).filteredOn(change -> "consent.marketing".equals(change.name()) && "sub_a".equals(
                change.subjectId())).as("the window's changes, and what they supersede, stay whole")
                .extracting(Change::value).containsExactly("withdrawn", "granted", "withdrawn");

        // a later run looks only at what came since, and drops what aged past the window meanwhile
        assertThat(compaction.run()).isZero();
        clock.advance(Duration.ofDays(8));
        assertThat(compaction.run()).as("what the window's changes superseded, now they are old").isEqualTo(2);
        assertThat(state(log, "0.0")).isEqualTo(everything);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void oneRunAtATimeOnAnyNode(TestDatabases kind) {
        Database database = kind.open(dir);
        MovableClock clock = new MovableClock();
        ChangeLog log = new ChangeLog(database, clock, "node_a");
        var other = new dev.steward.jobs.Leases(database, clock).acquire(Compaction.POSITION);
        assertThat(other).isPresent();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Compaction(log, clock, Duration.ofDays(7)).run())
                .isInstanceOfSatisfying(dev.steward.error.StewardException.class,
                        e -> assertThat(e.code()).isEqualTo(dev.steward.error.ErrorCode.JOB_RUNNING));
    }

    private static void record(Database database, ChangeLog log, String kind, String subject, String name,
                               String value) {
        database.write(handle -> {
            log.record(handle, kind, subject, name, value);
            return null;
        });
    }

    /** What a reader folding the log from {@code cursor} into the latest value per key ends with. */
    private static Map<String, String> state(ChangeLog log, String cursor) {
        Map<String, String> state = new LinkedHashMap<>();
        List<Change> changes = new ArrayList<>(log.after(cursor, 1000));
        for (Change change : changes) {
            if (Change.ERASURE.equals(change.kind()) && "subject".equals(change.name())) {
                state.keySet().removeIf(key -> key.contains("/" + change.subjectId() + "/"));
                state.put("erased/" + change.subjectId(), "erased");
            } else if (Change.ERASURE.equals(change.kind())) {
                state.put("erasure/" + change.subjectId() + "/" + change.value(), "deleted");
            } else {
                state.put(change.kind() + "/" + change.subjectId() + "/" + change.name(), change.value());
            }
        }
        return state;
    }
}
