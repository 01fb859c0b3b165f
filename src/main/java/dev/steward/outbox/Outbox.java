package dev.steward.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * written atomically, for a mail transfer agent (or a person) to pick up. Thread-safe.
 */
public final class Outbox {
    private final Path directory;
    private final Clock clock;
    private final String from;

    public Outbox(Path directory, Clock clock, String from) {
        this.directory = directory;
        this.clock = clock;
        this.from = from;
    }

    /** Writes one message; returns its file. */
    public Path send(String to, String subject, String body) {
        String id = UUID.randomUUID().toString();
        String message = "Message-ID: <" + id + "@steward>\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneOffset.UTC)) + "\r\n"
                + "From: " + from + "\r\n"
                + "To: " + to + "\r\n"
                + "Subject: =?UTF-8?B?" + Base64.getEncoder().encodeToString(subject.getBytes(StandardCharsets.UTF_8))
                + "?=\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) + "\r\n";
        try {
            Files.createDirectories(directory);
            Path temporary = directory.resolve("." + id + ".tmp");
            Path file = directory.resolve(clock.instant().toEpochMilli() + "-" + id + ".eml");
            Files.writeString(temporary, message, StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the outbox", e);
        }
    }
}
