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
 * An append-only file, outside the database, naming every erased subject, every destroyed key class and
 * every record a retention rule deleted, with its time — opaque ids and times only, no personal data, so
 * it can be copied anywhere. A database restored from an older backup replays it ({@link Erasure#reapply})
 * so nothing erased comes back. Lines are flushed to disk before the deletion commits. Thread-safe.
 *
 * <p>Lines: {@code v1 TAB subject TAB keyClass TAB instant} for a subject ({@code default}) or a key class,
 * {@code r1 TAB subject TAB recordId TAB instant} for one record.
 */
public final class ErasureJournal {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    /**
     * One line: {@code keyClass} is {@code default} for a whole-subject erasure; {@code recordId} is set
     * (and {@code keyClass} null) for one record deleted by a retention rule.
     */
    public record Entry(String subjectId, String keyClass, String recordId, Instant at) {
        public boolean isRecord() {
            return recordId != null;
        }
    }

    /** One record of a subject. */
    public record RecordRef(String subjectId, String recordId) { }

    private final Path file;

    public ErasureJournal(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Appends and forces to disk; {@code keyClass} is {@code default} for an erasure of the subject. */
    public void append(String subjectId, String keyClass, Instant at) {
        write("v1\t" + token(subjectId) + "\t" + token(keyClass) + "\t" + at + "\n");
    }

    /** Appends one line per record, forced to disk once. */
    public void appendRecords(List<RecordRef> records, Instant at) {
        if (records.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder(records.size() * 80);
        for (RecordRef record : records) {
            lines.append("r1\t").append(token(record.subjectId())).append('\t').append(token(record.recordId()))
                    .append('\t').append(at).append('\n');
        }
        write(lines.toString());
    }

    private static String token(String id) {
        if (!TOKEN.matcher(id).matches()) {
            throw new IllegalArgumentException("not an id");
        }
        return id;
    }

    private synchronized void write(String text) {
        byte[] line = text.getBytes(StandardCharsets.US_ASCII);
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
                boolean record = fields.length == 4 && fields[0].equals("r1");
                if (fields.length != 4 || !(record || fields[0].equals("v1")) || !TOKEN.matcher(fields[1]).matches()
                        || !TOKEN.matcher(fields[2]).matches()) {
                    throw new DateTimeParseException("bad line", lines.get(i), 0);
                }
                entries.add(record ? new Entry(fields[1], null, fields[2], Instant.parse(fields[3]))
                        : new Entry(fields[1], fields[2], null, Instant.parse(fields[3])));
            } catch (DateTimeParseException e) {
                throw new StewardException(ErrorCode.CONFIG_INVALID, file + ":" + (i + 1) + ": not an erasure journal "
                        + "line");
            }
        }
        return entries;
    }
}
