package dev.steward.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Progress lines on stderr while a long operation runs ("retention run: 12 s, 3,400 accounts visited"),
 * every {@value #EVERY_SECONDS} seconds until it ends; none with {@code --quiet} or {@code --json}, and
 * none for an operation that ends sooner.
 */
final class Progress implements AutoCloseable {
    static final int EVERY_SECONDS = 2;
    private final ScheduledExecutorService ticker;

    private Progress(ScheduledExecutorService ticker) {
        this.ticker = ticker;
    }

    /** Starts reporting {@code label} and, when not null, what {@code done} says so far. */
    static Progress start(PrintWriter err, Output output, String label, Supplier<String> done) {
        if (output.quiet() || output.json()) {
            return new Progress(null);
        }
        long started = System.nanoTime();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "steward-progress");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(() -> {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            String so = done == null ? "" : ", " + done.get();
            err.println(String.format(Locale.ROOT, "%s: %d s%s", label, seconds, so));
            err.flush();
        }, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
        return new Progress(ticker);
    }

    /** A size in bytes as people read it. */
    static String bytes(long count) {
        if (count < 1024 * 1024) {
            return String.format(Locale.ROOT, "%,d KB", count / 1024);
        }
        return String.format(Locale.ROOT, "%,.1f MB", count / (1024.0 * 1024.0));
    }

    static long size(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.exists(file) ? java.nio.file.Files.size(file) : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }
}
