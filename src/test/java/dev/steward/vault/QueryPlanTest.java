package dev.steward.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.store.Database;
import dev.steward.store.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The statements that delete single records reach them through the subject-first primary keys: a
 * deletion by record id alone reads every record of every subject, which at a million subjects is what
 * one "delete this piece of information" would cost.
 */
class QueryPlanTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void recordDeletionsSearchThePrimaryKeyInsteadOfScanningTheTable(TestDatabases kind) {
        Database database = kind.open(dir);
        for (String statement : List.of(Erasure.DELETE_RECORDS, Erasure.DELETE_ARCHIVED)) {
            List<String> plan = plan(database, kind, statement);
            assertThat(plan).as(statement).noneMatch(line -> scans(kind, line));
            if (kind == TestDatabases.POSTGRESQL) {
                // an index scan over the whole key (id is its second column) reads every entry just the same
                assertThat(String.join("\n", plan)).as(statement).contains("Index Cond: ((subject_id = ANY");
            }
        }
    }

    private static List<String> plan(Database database, TestDatabases kind, String statement) {
        return database.jdbi().withHandle(handle -> {
            if (kind == TestDatabases.POSTGRESQL) {
                // a tiny table is cheaper to scan; with scans priced out, a scan left means no index serves
                handle.execute("SET enable_seqscan = off");
                return handle.createQuery("EXPLAIN " + statement).bindList("s", List.of("sub_1", "sub_2"))
                        .bindList("r", List.of("rec_1", "rec_2")).mapTo(String.class).list();
            }
            return handle.createQuery("EXPLAIN QUERY PLAN " + statement).bindList("s", List.of("sub_1", "sub_2"))
                    .bindList("r", List.of("rec_1", "rec_2")).map((rs, ctx) -> rs.getString("detail")).list();
        });
    }

    private static boolean scans(TestDatabases kind, String line) {
        return kind == TestDatabases.POSTGRESQL ? line.contains("Seq Scan") : line.startsWith("SCAN");
    }
}
