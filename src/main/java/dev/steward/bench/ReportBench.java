package dev.steward.bench;

import dev.steward.policy.Policy;
import dev.steward.reports.CcpaCategoriesReport;
import dev.steward.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The California categories report over {@code records} records and {@code disclosures} disclosures of
 * California subjects (10 records each), against a plain SQL count of the same rows (the records grouped
 * by category and source, the disclosures in the period) in the same run and database. Medians of
 * {@code samples} runs each.
 */
public final class ReportBench {
    private static final List<String> CATEGORIES = List.of("contact.email", "contact.phone", "usage.clickstream",
            "payment.card", "commerce.history", "device.info", "network.ip", "location.device", "contact.name",
            "communications.content");
    private final Policy policy;
    private final int records;
    private final int disclosures;
    private final int samples;
    private final AtomicLong loaded = new AtomicLong();

    public ReportBench(Policy policy, int records, int disclosures, int samples) {
        this.policy = policy;
        this.records = records;
        this.disclosures = disclosures;
        this.samples = samples;
    }

    /** Rows loaded so far, for progress. */
    public long loaded() {
        return loaded.get();
    }

    public Map<String, Object> run() throws IOException {
        Path dir = Files.createTempDirectory("steward-bench-reports");
        try (Database database = Database.embedded(dir)) {
            Instant now = Instant.now();
            Instant collected = now.minus(Duration.ofDays(30));
            load(database, collected);
            Clock clock = Clock.fixed(now, java.time.ZoneOffset.UTC);
            CcpaCategoriesReport report = new CcpaCategoriesReport(database, () -> policy, clock);
            double[] reportMillis = new double[samples];
            double[] baselineMillis = new double[samples];
            Instant from = now.atOffset(java.time.ZoneOffset.UTC).minusMonths(12).toInstant();
            long counted = 0;
            for (int s = 0; s < samples; s++) {
                long start = System.nanoTime();
                CcpaCategoriesReport.Result result = report.compute("en");
                reportMillis[s] = (System.nanoTime() - start) / 1e6;
                if (result.categories().isEmpty()) {
                    throw new IllegalStateException("the report counted nothing");
                }
                start = System.nanoTime();
                counted = database.read(handle -> handle.createQuery("SELECT category, source, COUNT(*) FROM "
                        + "personal_record WHERE jurisdiction = 'US-CA' AND collected_at >= :from AND collected_at <= :to "
                        + "GROUP BY category, source").bind("from", from).bind("to", now).map((rs, ctx) -> rs.getLong(3))
                        .list().stream().mapToLong(Long::longValue).sum()
                        + handle.createQuery("SELECT COUNT(*) FROM disclosure WHERE jurisdiction = 'US-CA' AND "
                        + "disclosed_at >= :from AND disclosed_at <= :to").bind("from", from).bind("to", now)
                        .mapTo(Long.class).one());
                baselineMillis[s] = (System.nanoTime() - start) / 1e6;
            }
            if (counted != (long) records + disclosures) {
                throw new IllegalStateException("the baseline counted " + counted + " rows");
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", "reports");
            result.put("report", CcpaCategoriesReport.NAME);
            result.put("records", records);
            result.put("disclosures", disclosures);
            result.put("samples", samples);
            result.put("report_p50_ms", Figures.round(Figures.median(reportMillis)));
            result.put("baseline_plain_sql_count_p50_ms", Figures.round(Figures.median(baselineMillis)));
            result.put("report_to_baseline", Figures.round(Figures.median(reportMillis) / Figures.median(baselineMillis)));
            result.put("database", "sqlite");
            return result;
        } finally {
            TempDirs.deleteTree(dir);
        }
    }

    private void load(Database database, Instant at) {
        String version = policy.meta().version();
        int subjects = Math.max(1, records / 10);
        byte[] value = new byte[48];
        for (int start = 0; start < subjects; start += 2_000) {
            int from = start;
            int to = Math.min(subjects, start + 2_000);
            database.jdbi().useTransaction(handle -> {
                var people = handle.prepareBatch("INSERT INTO subject (id, jurisdiction, customer, status, policy_version, "
                        + "created_at) VALUES (:id, 'US-CA', true, 'active', :v, :at)");
                var rows = handle.prepareBatch("INSERT INTO personal_record (subject_id, id, category, key_class, "
                        + "value_ct, source, purposes, jurisdiction, collected_at, policy_version, version, updated_at) "
                        + "VALUES (:s, :id, :c, 'default', :v, :src, 'provide', 'US-CA', :at, :pv, 1, :at)");
                for (int i = from; i < to; i++) {
                    String subject = "sub_r" + i;
                    people.bind("id", subject).bind("v", version).bind("at", at).add();
                    for (int r = 0; r < 10 && (long) i * 10 + r < records; r++) {
                        rows.bind("s", subject).bind("id", "rec_r" + i + "_" + r).bind("c", CATEGORIES.get(r))
                                .bind("v", value).bind("src", r % 3 == 0 ? "automatic" : "provided").bind("at", at)
                                .bind("pv", version).add();
                    }
                }
                people.execute();
                loaded.addAndGet(rows.execute().length);
            });
        }
        for (int start = 0; start < disclosures; start += 5_000) {
            int from = start;
            int to = Math.min(disclosures, start + 5_000);
            database.jdbi().useTransaction(handle -> {
                var made = handle.prepareBatch("INSERT INTO disclosure (id, subject_id, recipient, recipient_kind, "
                        + "categories, purpose, country, mechanism, jurisdiction, policy_version, disclosed_by, "
                        + "disclosed_at) VALUES (:id, :s, 'service_providers', 'service_provider', "
                        + "'contact.email,contact.phone', 'communicate', '*', 'contract', 'US-CA', :v, 'bench', :at)");
                for (int i = from; i < to; i++) {
                    made.bind("id", "dis_" + i).bind("s", "sub_r" + (i % subjects)).bind("v", version).bind("at", at)
                            .add();
                }
                loaded.addAndGet(made.execute().length);
            });
        }
    }
}
