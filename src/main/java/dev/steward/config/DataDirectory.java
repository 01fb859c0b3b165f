package dev.steward.config;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The data directory's layout: the embedded database, {@code keys/} (mode 0700) for key material,
 * {@code outbox/} for mail in the embedded default, and {@code admin.key}. Secrets are written with
 * mode 0600 from the start, never widened later. Thread-safe.
 */
public final class DataDirectory {
    private final Path root;

    public DataDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Creates the directory tree if missing. */
    public DataDirectory prepare() {
        try {
            Files.createDirectories(root);
            createPrivateDirectory(keys());
            createPrivateDirectory(outbox()); // messages carry addresses
        } catch (IOException e) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, "cannot prepare data directory " + root + ": "
                    + e.getClass().getSimpleName());
        }
        return this;
    }

    public Path root() {
        return root;
    }

    public Path keys() {
        return root.resolve("keys");
    }

    public Path outbox() {
        return root.resolve("outbox");
    }

    /** Erasures and destroyed keys since the start, by subject id and time only; see {@code ErasureJournal}. */
    public Path erasureJournal() {
        return root.resolve("erasure-journal.log");
    }

    /**
     * Takes the data directory for one process ({@code DIR/steward.lock}, an OS file lock released when
     * the process ends, however it ends). {@code serve} holds it while running; a restore takes it so it
     * never swaps a database under a running server.
     */
    public Lock lock(String doing) {
        Path file = root.resolve("steward.lock");
        try {
            java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
            java.nio.channels.FileLock held;
            try {
                held = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                held = null;
            }
            if (held == null) {
                channel.close();
                throw new StewardException(ErrorCode.CONFIG_INVALID, "another Steward process is using " + root
                        + "; stop it before " + doing);
            }
            return new Lock(channel);
        } catch (java.io.IOException e) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, "cannot lock " + file + ": " + e.getMessage());
        }
    }

    /** A held data-directory lock; closing releases it. */
    public record Lock(java.nio.channels.FileChannel channel) implements AutoCloseable {
        @Override
        public void close() {
            try {
                channel.close();
            } catch (java.io.IOException ignored) {
                // closing the channel releases the lock; nothing else to do
            }
        }
    }

    public Path adminKey() {
        return root.resolve("admin.key");
    }

    /** Writes a secret readable only by its owner, atomically. */
    public void writeSecret(Path file, String secret) {
        try {
            Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            if (posix()) {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rw-------")));
            }
            Files.writeString(temporary, secret + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StewardException(ErrorCode.CONFIG_INVALID, "cannot write " + file + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private static void createPrivateDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        if (posix()) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(directory);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
