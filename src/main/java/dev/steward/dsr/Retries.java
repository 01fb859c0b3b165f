package dev.steward.dsr;

import dev.steward.jobs.Leases;
import dev.steward.store.Database;
import java.time.Clock;

/**
 * The scheduled retry of requests an unreachable external store or processor left waiting: every few
 * minutes in {@code serve}, on one node at a time (lease {@value #LEASE}), earliest due first, so a store
 * that comes back finishes its requests without an operator pressing retry on each.
 */
public final class Retries {
    static final String LEASE = "connector-retry";
    /** Requests retried in one run at most; the rest wait for the next. */
    static final int PER_RUN = 100;
    private final Requests requests;
    private final Leases leases;
    private final int perRun;
    /** Where the last run on this node stopped; the next goes on from there (another node starts afresh). */
    private volatile Requests.Waiting after;

    public Retries(Requests requests, Database database, Clock clock) {
        this(requests, database, clock, PER_RUN);
    }

    private Retries(Requests requests, Leases leases, int perRun) {
        this.requests = requests;
        this.leases = leases;
        this.perRun = perRun;
    }

    Retries(Requests requests, Database database, Clock clock, int perRun) {
        this(requests, new Leases(database, clock), perRun);
    }

    /** The same retries, {@code count} requests a run (for tests of the rotation). */
    Retries perRun(int count) {
        return new Retries(requests, leases, count);
    }

    /** One run (throws {@code job_running} when another node runs it); returns the requests that ended. */
    public int run() {
        return leases.exclusively(LEASE, "connector retry", () -> {
            Requests.Retried round = requests.retryWaiting("system:retry", perRun, after);
            after = round.last();
            return round.ended();
        });
    }
}
