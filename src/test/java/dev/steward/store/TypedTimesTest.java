package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

/** Times sit in typed columns on both databases, compare as times, and survive the move from text. */
class TypedTimesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void everyTimeColumnIsTyped(TestDatabases kind) {
        try (Database database = kind.open(dir)) {
            Map<String, String> types = database.read(handle -> kind == TestDatabases.POSTGRESQL
                    ? handle.createQuery("SELECT table_name || '.' || column_name, data_type FROM information_schema.columns "
                            + "WHERE table_schema = current_schema()").map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2))).list().stream()
                            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))
                    : sqliteColumns(handle));
            List<String> times = types.keySet().stream().filter(TypedTimesTest::isTime).sorted().toList();
            assertThat(times).hasSizeGreaterThanOrEqualTo(27);
            boolean postgres = kind == TestDatabases.POSTGRESQL;
            for (String column : times) {
                // the audit log's time is part of the hashed entry, kept exactly as written
                String expected = column.equals("audit_log.at") ? (postgres ? "text" : "TEXT")
                        : postgres ? "timestamp with time zone" : "INTEGER";
                assertThat(types.get(column)).as(column).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void timesCompareAsTimesAndReadBackAtMicroseconds(TestDatabases kind) {
        try (Database database = kind.open(dir)) {
            Instant whole = Instant.parse("2026-03-01T10:00:00Z");
            Instant half = Instant.parse("2026-03-01T10:00:00.500001Z");
            database.write(handle -> {
                handle.createUpdate("INSERT INTO system_key (name, keyset, created_at) VALUES ('a', :k, :t)")
                        .bind("k", new byte[] {1}).bind("t", half).execute();
                return handle.createUpdate("INSERT INTO system_key (name, keyset, created_at) VALUES ('b', :k, :t)")
                        .bind("k", new byte[] {1}).bind("t", whole.plusNanos(999)).execute();
            });
            List<String> ordered = database.read(handle -> handle.createQuery("SELECT name FROM system_key WHERE name IN "
                    + "('a', 'b') ORDER BY created_at").mapTo(String.class).list());
            assertThat(ordered).containsExactly("b", "a");
            Instant read = database.read(handle -> handle.createQuery("SELECT created_at FROM system_key WHERE name = 'a'")
                    .mapTo(Instant.class).one());
            assertThat(read).isEqualTo(half);
            int later = database.read(handle -> handle.createQuery("SELECT COUNT(*) FROM system_key WHERE created_at > :t")
                    .bind("t", Instant.parse("2026-03-01T10:00:00.5Z")).mapTo(Integer.class).one());
            assertThat(later).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void textTimesWrittenBeforeTheMoveReadBackAsTheSameTimes(TestDatabases kind) {
        String url = kind == TestDatabases.POSTGRESQL ? TestDatabases.freshPostgresUrl() : null;
        DataSource source = url != null ? postgres(url) : sqlite(dir.resolve("steward.db"));
        Flyway.configure().dataSource(source).locations("classpath:db/migration/" + (url != null ? "postgresql" : "sqlite"))
                .target("9").load().migrate();
        Jdbi.create(source).useHandle(handle -> {
            handle.execute("INSERT INTO subject (id, jurisdiction, customer, status, closed_at, policy_version, created_at) "
                    + "VALUES ('sub_1', 'EEA', true, 'closed', '2026-03-01T10:00:00.5Z', '1', '2026-03-01T10:00:00Z')");
            handle.execute("INSERT INTO dsr_request (id, subject_id, type, jurisdiction, language, status, identity_kind, "
                    + "identity_index, received_at, due_at, details, code_attempts, created_at) VALUES ('req_1', 'sub_1', "
                    + "'access', 'EEA', 'en', 'received', 'email', 'x', '2026-03-01T10:00:00.123Z', "
                    + "'2026-03-31T10:00:00.123Z', '{}', 0, '2026-03-01T10:00:00.123Z')");
        });
        try (Database database = url != null ? Database.postgres(url) : Database.embedded(dir)) {
            Map<String, Object> subject = database.read(handle -> handle.createQuery("SELECT closed_at, created_at, "
                    + "erased_at FROM subject WHERE id = 'sub_1'").mapToMap().one());
            assertThat(Times.of(subject.get("closed_at"))).isEqualTo(Instant.parse("2026-03-01T10:00:00.5Z"));
            assertThat(Times.of(subject.get("created_at"))).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
            assertThat(subject.get("erased_at")).isNull();
            Instant due = database.read(handle -> handle.createQuery("SELECT due_at FROM dsr_request WHERE due_at < :t")
                    .bind("t", Instant.parse("2026-03-31T10:00:00.124Z")).mapTo(Instant.class).one());
            assertThat(due).isEqualTo(Instant.parse("2026-03-31T10:00:00.123Z"));
        }
    }

    private static boolean isTime(String column) {
        String name = column.substring(column.indexOf('.') + 1);
        return name.endsWith("_at") || name.equals("at") || name.equals("acknowledge_by");
    }

    private static Map<String, String> sqliteColumns(org.jdbi.v3.core.Handle handle) {
        Map<String, String> types = new java.util.HashMap<>();
        for (String table : handle.createQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                + "'sqlite%' AND name NOT LIKE 'flyway%'").mapTo(String.class).list()) {
            handle.createQuery("SELECT name, type FROM pragma_table_info(:t)").bind("t", table)
                    .map((rs, ctx) -> types.put(table + "." + rs.getString(1), rs.getString(2))).list();
        }
        return types;
    }

    private static DataSource sqlite(Path file) {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return source;
    }

    private static DataSource postgres(String url) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(url);
        return source;
    }
}
