package dev.steward.vault;

import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An append-only file, outside the database, naming every erased subject and every destroyed key class
 * with its time — subject ids and times only, no personal data, so it can be copied anywhere. A
 * database restored from an older backup replays it ({@link Erasure#reapply}) so nothing erased
 * comes back. Each line is flushed to disk before the erasure commits. Thread-safe.
 */
public final class ErasureJournal {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    /** One line: {@code keyClass} is {@code default} for a whole-subject erasure. */
    public record Entry(String subjectId, String keyClass, Instant at) { }

    private final Path file;

    public ErasureJournal(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Appends and forces to disk; {@code keyClass} is {@code default} for an erasure of the subject. */
    public synchronized void append(String subjectId, String keyClass, Instant at) {
        if (!TOKEN.matcher(subjectId).matches() || !TOKEN.matcher(keyClass).matches()) {
            throw new IllegalArgumentException("not an id");
        }
        byte[] line = ("v1\t" + subjectId + "\t" + keyClass + "\t" + at + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            Database.createPrivately(file);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                channel.write(ByteBuffer.wrap(line));
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the erasure journal", e);
        }
    }

    /** Every entry, oldest first; a damaged line is an error naming its line number. */
    public synchronized List<Entry> entries() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the erasure journal", e);
        }
        List<Entry> entries = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String[] fields = lines.get(i).split("\t", -1);
            try {
                if (fields.length != 4 || !fields[0].equals("v1") || !TOKEN.matcher(fields[1]).matches()
                        || !TOKEN.matcher(fields[2]).matches()) {
                    throw new DateTimeParseException("bad line", lines.get(i), 0);
                }
                entries.add(new Entry(fields[1], fields[2], Instant.parse(fields[3])));
            } catch (DateTimeParseException e) {
                throw new StewardException(ErrorCode.CONFIG_INVALID, file + ":" + (i + 1) + ": not an erasure journal "
                        + "line");
            }
        }
        return entries;
    }
}
