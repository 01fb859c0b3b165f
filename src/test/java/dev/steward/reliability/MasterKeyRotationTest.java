package dev.steward.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.Steward;
import dev.steward.cli.StewardCommand;
import dev.steward.config.Settings;
import dev.steward.crypto.MasterKey;
import dev.steward.dsr.RequestApiTest;
import dev.steward.dsr.RequestApiTest.Api;
import dev.steward.error.StewardException;
import dev.steward.store.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The master key rotated while two nodes on one PostgreSQL keep serving, one node restarted at a time: at
 * every step both nodes read every subject's records, whichever node wrote them under whichever key; the
 * old key can be dropped only once every stored key is rewrapped, and after that it opens nothing.
 */
class MasterKeyRotationTest {
    private static final String RECORD = "{\"category\":\"contact.name\",\"value\":\"%s\",\"source\":\"provided\","
            + "\"purposes\":[\"provide\"]}";

    @TempDir
    Path dir;

    private String url;
    private String adminKey;
    private final Steward[] nodes = new Steward[2];
    private final List<String> subjects = new ArrayList<>();

    @AfterEach
    void stop() {
        for (Steward node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    private Api node(int index) {
        return new Api(nodes[index], adminKey, dir.resolve("node" + index));
    }

    /** (Re)starts node {@code index} on the master key file {@code key}. */
    private void restart(int index, Path key) throws Exception {
        if (nodes[index] != null) {
            nodes[index].close();
        }
        String base64 = Base64.getEncoder().encodeToString(Files.readAllBytes(key));
        nodes[index] = Steward.start(new Settings(dir.resolve("node" + index), "127.0.0.1", 0,
                Path.of("policies/reference.yaml"), url, 1 << 20), Clock.systemUTC(), Map.of(MasterKey.ENVIRONMENT, base64));
        if (adminKey == null) {
            adminKey = Files.readString(dir.resolve("node" + index).resolve("admin.key")).strip();
        }
    }

    /** Runs {@code steward keys …} with {@code key} as the CLI's master key file; returns the exit code. */
    private int keys(Path key, String... arguments) throws Exception {
        Path keys = dir.resolve("cli/keys");
        Files.createDirectories(keys);
        Files.copy(key, keys.resolve("master.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>(List.of("keys"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--data", dir.resolve("cli").toString(), "--db", url));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = StewardCommand.run(command.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        assertThat(out + err.toString()).doesNotContain("Exception");
        return exit;
    }

    /** A new subject with a record, written through {@code writer}; then every subject is read on both nodes. */
    private void writeThenReadEverywhere(int writer) throws Exception {
        String name = "Rotation Person " + subjects.size();
        String subject = RequestApiTest.subject(node(writer), "rotation" + subjects.size() + "@example.com", "EEA");
        node(writer).json("POST", "/api/v1/subjects/" + subject + "/records", RECORD.formatted(name), 201);
        subjects.add(subject);
        for (int index = 0; index < 2; index++) {
            for (int s = 0; s < subjects.size(); s++) {
                assertThat(node(index).json("GET", "/api/v1/subjects/" + subjects.get(s) + "/records?purpose=provide",
                        null, 200).toString()).as("node %d reads subject %d", index, s).contains("Rotation Person " + s);
            }
        }
    }

    /** A fresh database with both nodes started on a new master key file, which is returned. */
    private Path bothNodesOnAFirstKey() throws Exception {
        url = TestDatabases.freshPostgresUrl();
        Path first = dir.resolve("m1.json");
        Files.write(first, Base64.getDecoder().decode(MasterKey.generateForEnvironment()));
        restart(0, first);
        restart(1, first);
        return first;
    }

    /** A subject with one record, written through {@code writer}; its id is remembered. */
    private void write(int writer) throws Exception {
        int n;
        synchronized (subjects) {
            n = subjects.size();
            subjects.add(null);
        }
        String subject = RequestApiTest.subject(node(writer), "rotation" + n + "@example.com", "EEA");
        node(writer).json("POST", "/api/v1/subjects/" + subject + "/records", RECORD.formatted("Rotation Person " + n),
                201);
        synchronized (subjects) {
            subjects.set(n, subject);
        }
    }

    @Test
    void keysCreatedWhileRewrapRunsOnAnotherMachineAreNeverLeftUnderTheRetiredKey() throws Exception {
        Path first = bothNodesOnAFirstKey();
        for (int i = 0; i < 40; i++) {
            write(i % 2);
        }
        Path added = dir.resolve("m2.json");
        assertThat(keys(first, "rotate-master", "--out", added.toString())).isZero();
        restart(0, added);
        restart(1, added);
        Path promoted = dir.resolve("m3.json");
        assertThat(keys(added, "promote-master", "--out", promoted.toString())).isZero();
        restart(0, promoted); // node 1 is not restarted yet: its new keys are still wrapped by the old primary

        // both nodes create subjects (and keys) all the while the rewrap pages through the stored keys
        java.util.concurrent.atomic.AtomicBoolean rewrapping = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<java.util.concurrent.Future<Integer>> written = new ArrayList<>();
        for (int index = 0; index < 2; index++) {
            int writer = index;
            written.add(writers.submit(() -> {
                int count = 0;
                while (rewrapping.get() || count < 3) {
                    write(writer);
                    count++;
                }
                return count;
            }));
        }
        int exit;
        try {
            exit = keys(promoted, "rewrap");
        } finally {
            rewrapping.set(false);
        }
        for (java.util.concurrent.Future<Integer> writes : written) {
            assertThat(writes.get(120, java.util.concurrent.TimeUnit.SECONDS)).isPositive();
        }
        writers.shutdown();
        assertThat(exit).as("0, or 1 when a key the old primary wrapped arrived behind it").isIn(0, 1);

        restart(1, promoted);
        assertThat(keys(promoted, "rewrap")).as("every node on the new primary: the rest is rewrapped").isZero();
        Path retired = dir.resolve("m4.json");
        assertThat(keys(promoted, "retire-master", "--out", retired.toString())).isZero();
        restart(0, retired);
        restart(1, retired);
        for (int index = 0; index < 2; index++) {
            for (int s = 0; s < subjects.size(); s++) {
                assertThat(node(index).json("GET", "/api/v1/subjects/" + subjects.get(s) + "/records?purpose=provide",
                        null, 200).toString()).as("node %d reads subject %d", index, s).contains("Rotation Person " + s);
            }
        }
    }

    @Test
    void theMasterKeyIsRotatedOneNodeAtATimeAndTheOldKeyOpensNothingAfterwards() throws Exception {
        Path first = bothNodesOnAFirstKey();
        writeThenReadEverywhere(0);

        Path added = dir.resolve("m2.json");
        assertThat(keys(first, "rotate-master", "--out", added.toString())).isZero();
        assertThat(keys(first, "rotate-master", "--out", added.toString())).as("never overwrites").isNotZero();
        restart(0, added);
        writeThenReadEverywhere(0); // node 1 is still on the first file
        restart(1, added);
        writeThenReadEverywhere(1);

        Path promoted = dir.resolve("m3.json");
        assertThat(keys(added, "promote-master", "--out", promoted.toString())).isZero();
        restart(0, promoted);
        writeThenReadEverywhere(0); // wrapped by the new key; node 1 (on m2) holds it too
        restart(1, promoted);
        writeThenReadEverywhere(1);

        Path retired = dir.resolve("m4.json");
        assertThat(keys(promoted, "retire-master", "--out", retired.toString())).as("keys still under the old key")
                .isEqualTo(1);
        assertThat(retired).doesNotExist();
        assertThat(keys(promoted, "rewrap")).isZero();
        assertThat(keys(promoted, "rewrap")).as("again, harmlessly").isZero();
        assertThat(keys(promoted, "retire-master", "--out", retired.toString())).isZero();
        restart(0, retired);
        restart(1, retired);
        writeThenReadEverywhere(0);

        nodes[0].close();
        nodes[0] = null;
        assertThatThrownBy(() -> restart(0, first)).as("the first key opens nothing any more")
                .isInstanceOfSatisfying(StewardException.class,
                        e -> assertThat(e.code().code()).isEqualTo("master_key_mismatch"));
    }
}
