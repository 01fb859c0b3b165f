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

    public Retries(Requests requests, Database database, Clock clock) {
        this.requests = requests;
        this.leases = new Leases(database, clock);
    }

    /** One run (throws {@code job_running} when another node runs it); returns the requests that ended. */
    public int run() {
        return leases.exclusively(LEASE, "connector retry", () -> requests.retryWaiting("system:retry", PER_RUN));
    }
}
