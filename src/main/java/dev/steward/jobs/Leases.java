package dev.steward.jobs;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.store.Database;
import dev.steward.store.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases for work that must run once however many nodes or processes share the database (a retention
 * sweep): a lease is taken by compare-and-set on its row, renewed while the work runs, and given back
 * when it ends; a holder that died stops renewing and its lease is taken over once it expires. Each
 * acquisition has its own token, so two runs in one process exclude each other too. Owns
 * {@code job_lease}. Thread-safe.
 */
public final class Leases {
    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
    private static final ScheduledExecutorService RENEWALS = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "steward-leases");
        thread.setDaemon(true);
        return thread;
    });
    private final Database database;
    private final Clock clock;
    private final Duration ttl;

    /** Leases that expire {@code ttl} after their last renewal (renewed every third of it). */
    public Leases(Database database, Clock clock, Duration ttl) {
        this.database = database;
        this.clock = clock;
        this.ttl = ttl;
    }

    public Leases(Database database, Clock clock) {
        this(database, clock, Duration.ofMinutes(2));
    }

    /** A lease held: its name and the token that proves it. */
    public record Lease(String name, String token) { }

    /** Takes the lease {@code name} when free or expired; empty when another holder has it. */
    public Optional<Lease> acquire(String name) {
        Lease lease = new Lease(name, UUID.randomUUID().toString());
        Instant now = Times.stored(clock.instant());
        boolean won = database.write(handle -> {
            handle.createUpdate("INSERT INTO job_lease (name, holder, acquired_at, expires_at) VALUES (:n, :h, :now, "
                    + ":until) ON CONFLICT (name) DO NOTHING").bind("n", name).bind("h", lease.token())
                    .bind("now", now).bind("until", now.plus(ttl)).execute();
            return handle.createUpdate("UPDATE job_lease SET holder = :h, acquired_at = :now, expires_at = :until "
                    + "WHERE name = :n AND (holder = :h OR expires_at <= :now)").bind("n", name).bind("h", lease.token())
                    .bind("now", now).bind("until", now.plus(ttl)).execute() == 1;
        });
        return won ? Optional.of(lease) : Optional.empty();
    }

    /** Extends a lease still held; false when it was lost (it expired and another holder took it). */
    public boolean renew(Lease lease) {
        Instant now = Times.stored(clock.instant());
        return database.write(handle -> handle.createUpdate("UPDATE job_lease SET expires_at = :until WHERE name = :n "
                + "AND holder = :h").bind("until", now.plus(ttl)).bind("n", lease.name()).bind("h", lease.token())
                .execute() == 1);
    }

    /** Gives a lease back, so the next holder need not wait for it to expire. */
    public void release(Lease lease) {
        database.write(handle -> handle.createUpdate("DELETE FROM job_lease WHERE name = :n AND holder = :h")
                .bind("n", lease.name()).bind("h", lease.token()).execute());
    }

    /**
     * Runs {@code work} holding the lease {@code name}, renewed while it runs; throws {@code job_running}
     * (naming {@code what}) when another holder has it.
     */
    public <T> T exclusively(String name, String what, Supplier<T> work) {
        Lease lease = acquire(name).orElseThrow(() -> new StewardException(ErrorCode.JOB_RUNNING, what));
        long every = Math.max(1, ttl.toMillis() / 3);
        ScheduledFuture<?> renewal = RENEWALS.scheduleAtFixedRate(() -> {
            try {
                if (!renew(lease)) {
                    LOG.warn("the lease {} expired while its work ran; another holder may start it", name);
                }
            } catch (RuntimeException e) {
                LOG.warn("renewing the lease {} failed", name, e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
        try {
            return work.get();
        } finally {
            renewal.cancel(false);
            release(lease);
        }
    }
}
