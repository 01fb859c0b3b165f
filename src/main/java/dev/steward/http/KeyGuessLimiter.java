package dev.steward.http;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Limits guessing API keys: wrong keys are counted per client address over a minute; past {@value
 * #FAILURES_PER_MINUTE}, keys from that address are no longer looked up at all — except keys that
 * already worked from it, so the applications behind a shared address go on while a guesser learns
 * nothing more. Kept in memory per node (a restart forgets). Thread-safe.
 */
final class KeyGuessLimiter {
    static final int FAILURES_PER_MINUTE = 30;
    private static final long WINDOW_NANOS = 60_000_000_000L;
    private static final int MAX_ADDRESSES = 10_000;
    private static final int MAX_KNOWN_PER_ADDRESS = 64;
    private static final long PRUNE_NANOS = 1_000_000_000L;

    private final LongSupplier nanos;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong lastPrune = new java.util.concurrent.atomic.AtomicLong(
            Long.MIN_VALUE / 2);

    /** One address: its failures in the current minute and the digests of keys that worked from it. */
    private static final class Window {
        long start;
        int failures;
        final Set<String> known = ConcurrentHashMap.newKeySet();
    }

    KeyGuessLimiter(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** True when {@code digest} may not be looked up now for {@code address}. */
    boolean blocked(String address, String digest) {
        Window window = windows.get(address);
        if (window == null) {
            return false;
        }
        synchronized (window) {
            roll(window);
            return window.failures >= FAILURES_PER_MINUTE && !window.known.contains(digest);
        }
    }

    void failed(String address) {
        Window window = window(address);
        synchronized (window) {
            roll(window);
            window.failures++;
        }
    }

    void succeeded(String address, String digest) {
        Window window = window(address);
        if (window.known.size() < MAX_KNOWN_PER_ADDRESS) {
            window.known.add(digest);
        }
    }

    /** How many addresses are tracked now. */
    int tracked() {
        return windows.size();
    }

    private Window window(String address) {
        if (windows.size() > MAX_ADDRESSES) {
            forgetPastWindows();
        }
        return windows.computeIfAbsent(address, key -> {
            Window fresh = new Window();
            fresh.start = nanos.getAsLong();
            return fresh;
        });
    }

    /**
     * Drops every address whose minute is over: its failures no longer count (they would be reset on its
     * next request), and the keys known from it are learnt again on their next success. Runs at most once
     * a second, so a flood of new addresses does not scan the map on every request.
     */
    private void forgetPastWindows() {
        long now = nanos.getAsLong();
        long last = lastPrune.get();
        if (now - last < PRUNE_NANOS || !lastPrune.compareAndSet(last, now)) {
            return;
        }
        windows.values().removeIf(old -> {
            synchronized (old) {
                return now - old.start > WINDOW_NANOS;
            }
        });
    }

    private void roll(Window window) {
        long now = nanos.getAsLong();
        if (now - window.start > WINDOW_NANOS) {
            window.start = now;
            window.failures = 0;
        }
    }
}
