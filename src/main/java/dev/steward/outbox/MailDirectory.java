package dev.steward.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.UUID;

/**
 * Mail in the embedded default: each message is one RFC 5322 {@code .eml} file in {@code DIR/outbox/},
 * written atomically, for a mail transfer agent (or a person) to pick up. A message about a subject carries
 * the subject's opaque id in its file name ({@code MILLIS-UUID~SUBJECT.eml}), so erasing the subject can
 * delete the addresses and codes it left here ({@link #forget}). Thread-safe.
 */
public final class MailDirectory implements Outbox {
    private static final String SUBJECT_MARK = "~";
    private final Path directory;
    private final Clock clock;
    private final String from;

    public MailDirectory(Path directory, Clock clock, String from) {
        this.directory = directory;
        this.clock = clock;
        this.from = from;
    }

    @Override
    public void send(String subjectId, String to, String subject, String body) {
        String id = UUID.randomUUID().toString();
        write(id, subjectId, format(id, to, subject, body), clock.instant().toEpochMilli());
    }

    /** One message as RFC 5322 text, with UTF-8 headers (RFC 6532) for internationalised addresses. */
    String format(String id, String to, String subject, String body) {
        if (to.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            // identifiers are checked where they enter; this is the last line against a header injection
            throw new IllegalArgumentException("a recipient address holds a control character");
        }
        return "Message-ID: <" + id + "@steward>\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneOffset.UTC)) + "\r\n"
                + "From: " + from + "\r\n"
                + "To: " + to + "\r\n"
                + "Subject: =?UTF-8?B?" + Base64.getEncoder().encodeToString(subject.getBytes(StandardCharsets.UTF_8))
                + "?=\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) + "\r\n";
    }

    /** Writes a formatted message as its file, atomically; the same id twice is the same file. */
    Path write(String id, String subjectId, String message, long createdMillis) {
        try {
            Files.createDirectories(directory);
            Path temporary = directory.resolve("." + id + ".tmp");
            Path file = directory.resolve(createdMillis + "-" + id + (subjectId == null ? "" : SUBJECT_MARK + subjectId)
                    + ".eml");
            Files.writeString(temporary, message, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the outbox", e);
        }
    }

    @Override
    public int forget(String subjectId) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        String suffix = SUBJECT_MARK + subjectId + ".eml";
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory,
                file -> file.getFileName().toString().endsWith(suffix))) {
            for (Path file : files) {
                if (Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prune the outbox", e);
        }
        return deleted;
    }
}
