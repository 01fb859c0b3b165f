package dev.steward.metrics;

import dev.steward.audit.AuditLog;
import dev.steward.dsr.RequestQueue;
import dev.steward.dsr.RequestStatus;
import dev.steward.retention.RetentionSweep;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What Steward does, as Prometheus metrics (names as exported, {@code steward_…}): decisions by
 * outcome and reason, requests by status and overdue, retention deletions, connector failures, group
 * commit latency and batch size, and the audit chain's length. Labels are codes, never personal values.
 * Gauges that read the database are computed at most every {@value #GAUGE_SECONDS} seconds.
 */
public final class StewardMetrics {
    static final int GAUGE_SECONDS = 5;
    private final MeterRegistry registry;
    private final Map<String, Counter> decisions = new ConcurrentHashMap<>();
    private final Timer commits;
    private final DistributionSummary commitWrites;

    public StewardMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.commits = Timer.builder("steward.db.commit").description("Group commits of the database writer (one "
                        + "fsync each)").serviceLevelObjectives(ms(1), ms(2), ms(5), ms(10), ms(25), ms(50), ms(100),
                        ms(250), ms(1000)).register(registry);
        this.commitWrites = DistributionSummary.builder("steward.db.commit.writes").description("Writes carried by "
                + "one group commit").serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512).register(registry);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** A decision answered to a caller ({@code reason}: the stable reason code). */
    public void decided(boolean allowed, String reason) {
        decisions.computeIfAbsent((allowed ? "+" : "-") + reason, key -> Counter.builder("steward.decisions")
                .description("Decisions answered, by outcome and reason code").tag("outcome", allowed ? "allowed"
                        : "denied").tag("reason", reason).register(registry)).increment();
    }

    /** One group commit, after it is durable. */
    public void committed(int writes, long nanos) {
        commits.record(nanos, TimeUnit.NANOSECONDS);
        commitWrites.record(writes);
    }

    /** A connector's store could not be reached. */
    public void connectorUnavailable(String connector) {
        Counter.builder("steward.connector.failures").description("Calls to an external store or processor that "
                + "could not reach it").tag("connector", connector).register(registry).increment();
    }

    /** A retention run that changed something (dry runs are not counted). */
    public void retention(RetentionSweep.Report report) {
        if (report.dryRun()) {
            return;
        }
        Counter.builder("steward.retention.runs").description("Retention sweeps run").register(registry).increment();
        report.deleted().forEach((rule, byCategory) -> byCategory.forEach((category, count) ->
                Counter.builder("steward.retention.deleted").description("Records deleted by retention, by rule and "
                        + "category").tag("rule", rule).tag("category", category).register(registry).increment(count)));
        Counter.builder("steward.retention.purges.deferred").description("Account purges put off because a store "
                + "could not be reached").register(registry).increment(report.purgesDeferred().size());
    }

    /** Gauges over the request queue and the audit chain. */
    public void watch(RequestQueue queue, AuditLog audit, Clock clock) {
        Cached<Map<RequestStatus, Long>> counts = new Cached<>(queue::countsByStatus, clock);
        for (RequestStatus status : RequestStatus.values()) {
            Gauge.builder("steward.requests", counts, cached -> cached.get().getOrDefault(status, 0L))
                    .description("Data-subject requests by status").tag("status", status.key()).strongReference(true)
                    .register(registry);
        }
        Cached<Long> overdue = new Cached<>(() -> queue.overdue(clock.instant()), clock);
        Gauge.builder("steward.requests.overdue", overdue, cached -> cached.get()).description("Open data-subject "
                + "requests past their legal deadline").strongReference(true).register(registry);
        Cached<Long> length = new Cached<>(audit::length, clock);
        Gauge.builder("steward.audit.entries", length, cached -> cached.get()).description("Entries in the "
                + "hash-chained audit log").strongReference(true).register(registry);
    }

    /** A value read again only when the last read is older than {@value #GAUGE_SECONDS} seconds. */
    private static final class Cached<T> {
        private final Supplier<T> source;
        private final Clock clock;
        private T value;
        private long readAt = Long.MIN_VALUE;

        Cached(Supplier<T> source, Clock clock) {
            this.source = source;
            this.clock = clock;
        }

        synchronized T get() {
            long now = clock.millis();
            if (value == null || now - readAt >= GAUGE_SECONDS * 1000L || now < readAt) {
                value = source.get();
                readAt = now;
            }
            return value;
        }
    }
}
