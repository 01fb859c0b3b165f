package dev.steward.store;

/** Told of each group commit after it is durable: how many writes it carried and how long it took. */
@FunctionalInterface
public interface CommitListener {
    CommitListener NONE = (writes, nanos) -> { };

    void committed(int writes, long nanos);
}
