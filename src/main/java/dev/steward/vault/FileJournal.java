package dev.steward.vault;

import static dev.steward.vault.ErasureJournal.token;

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
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The erasure journal of the embedded database: an append-only file in the data directory, lines forced
 * to disk before the deletion commits. Opaque ids and times only, so it can be copied anywhere.
 * Thread-safe.
 *
 * <p>Lines (tab-separated): {@code v1 subject keyClass instant} for a subject ({@code default}) or a key
 * class; {@code r1 subject recordId instant} for one record; {@code h1 subject holdId categories until
 * instant} when a legal hold is placed ({@code *} for every category, {@code -} for no end) and
 * {@code h0 subject holdId instant} when it is released. The first line, {@code j1 journalId instant},
 * names the journal; the embedded database records the name of its journal ({@link #bind}).
 */
public final class FileJournal implements ErasureJournal {
    private final Path file;

    public FileJournal(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The journal's name from its first line; empty when the file is missing, empty, or older than names. */
    @Override
    public synchronized Optional<String> id() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (var lines = Files.lines(file, StandardCharsets.US_ASCII)) {
            return lines.findFirst().map(line -> line.split("\t", -1))
                    .filter(fields -> fields.length == 3 && "j1".equals(fields[0]) && TOKEN.matcher(fields[1]).matches())
                    .map(fields -> fields[1]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the erasure journal", e);
        }
    }

    /**
     * Binds the embedded database to this journal, or checks that it is bound to it: a fresh pair is
     * named and bound; a database bound to a journal that is not here (a backup restored into another
     * data directory, a database file copied by hand) is refused — erasures made since its backup would
     * come back. A journal without a name (written before names) is given one.
     */
    @Override
    public synchronized void bind(Database database, Instant now) {
        Optional<String> bound = database.jdbi().withHandle(handle -> handle.createQuery("SELECT journal_id FROM "
                + "erasure_journal_ref").mapTo(String.class).findFirst());
        Optional<String> named = id();
        if (bound.isPresent()) {
            if (named.isEmpty() || !named.get().equals(bound.get())) {
                throw new StewardException(ErrorCode.CONFIG_INVALID, "this database belongs to erasure journal "
                        + bound.get() + ", which is not " + file + "; copy erasure-journal.log from the data directory "
                        + "it came from (without it, erasures made after a backup would come back)");
            }
            return;
        }
        String id = named.orElseGet(() -> name(now));
        database.write(handle -> handle.createUpdate("INSERT INTO erasure_journal_ref (journal_id, bound_at) VALUES "
                + "(:j, :t) ON CONFLICT DO NOTHING").bind("j", id).bind("t", now).execute());
    }

    /** Names the journal: a first line before any existing lines (written to a new file, then moved). */
    private String name(Instant now) {
        String id = "ej_" + java.util.UUID.randomUUID().toString().replace("-", "");
        try {
            Path staged = file.resolveSibling("." + file.getFileName() + ".naming");
            Files.deleteIfExists(staged);
            Database.createPrivately(staged);
            byte[] existing = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
            try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(("j1\t" + id + "\t" + now + "\n").getBytes(StandardCharsets.US_ASCII)));
                channel.write(ByteBuffer.wrap(existing));
                channel.force(true);
            }
            Files.move(staged, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot name the erasure journal", e);
        }
        return id;
    }

    /** One line per subject, forced to disk once. */
    @Override
    public void appendAll(Handle handle, List<String> subjectIds, String keyClass, Instant at) {
        if (subjectIds.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder(subjectIds.size() * 64);
        for (String subjectId : subjectIds) {
            lines.append("v1\t").append(token(subjectId)).append('\t').append(token(keyClass)).append('\t').append(at)
                    .append('\n');
        }
        write(lines.toString());
    }

    /** One line per record, forced to disk once. */
    @Override
    public void appendRecords(Handle handle, List<RecordRef> records, Instant at) {
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

    @Override
    public void appendHold(Handle handle, String subjectId, String holdId, List<String> categories, Instant until,
                           Instant at) {
        String scope = ErasureJournal.scope(categories);
        write("h1\t" + token(subjectId) + "\t" + token(holdId) + "\t" + scope + "\t" + (until == null ? "-" : until)
                + "\t" + at + "\n");
    }

    @Override
    public void appendRelease(Handle handle, String subjectId, String holdId, Instant at) {
        write("h0\t" + token(subjectId) + "\t" + token(holdId) + "\t" + at + "\n");
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

    /** A damaged line is an error naming its line number. */
    @Override
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
            if (i == 0 && "j1".equals(fields[0])) {
                continue;
            }
            try {
                entries.add(parse(fields));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new StewardException(ErrorCode.CONFIG_INVALID, file + ":" + (i + 1) + ": not an erasure journal "
                        + "line");
            }
        }
        return entries;
    }

    private static Entry parse(String[] fields) {
        Kind kind = Kind.of(fields[0]);
        int expected = kind == Kind.HOLD_PLACED ? 6 : 4;
        if (fields.length != expected || !TOKEN.matcher(fields[1]).matches() || !TOKEN.matcher(fields[2]).matches()) {
            throw new IllegalArgumentException("bad line");
        }
        if (kind != Kind.HOLD_PLACED) {
            return new Entry(kind, fields[1], fields[2], List.of(), null, Instant.parse(fields[3]));
        }
        return new Entry(kind, fields[1], fields[2], ErasureJournal.categories(fields[3]),
                "-".equals(fields[4]) ? null : Instant.parse(fields[4]), Instant.parse(fields[5]));
    }
}
