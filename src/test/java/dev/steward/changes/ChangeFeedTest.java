package dev.steward.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.reliability.Nodes;
import dev.steward.client.ChangeEvent;
import dev.steward.client.ChangePage;
import dev.steward.client.Check;
import dev.steward.client.StewardClient;
import dev.steward.dsr.RequestApiTest;
import dev.steward.dsr.RequestApiTest.Api;
import dev.steward.store.TestDatabases;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/changes} as an application uses it through the Java client: a local copy of
 * marketing consents kept from the feed of one node stays exactly in step with what the engine decides,
 * while changes arrive through two nodes on one PostgreSQL; events come in order per subject, the feed
 * resumes from a saved cursor, long-polls, and carries no personal value.
 */
class ChangeFeedTest {
    @TempDir
    Path dir;

    private final List<Nodes> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Nodes::close);
    }

    private List<Api> start(int count, String url) throws Exception {
        Nodes nodes = new Nodes(dir, url, count);
        started.add(nodes);
        return nodes.apis();
    }

    private static StewardClient client(Api node) {
        return StewardClient.connect(URI.create("http://127.0.0.1:" + node.steward().port() + "/"), node.key());
    }

    /** Reads the feed until nothing is new, applying each consent event to {@code local}; returns the cursor. */
    private static String drain(StewardClient client, String cursor, Map<String, String> local, List<ChangeEvent> seen) {
        while (true) {
            ChangePage page = client.changes(cursor, 0);
            for (ChangeEvent event : page.changes()) {
                seen.add(event);
                if (event.kind().equals("consent") && "consent.marketing".equals(event.name())) {
                    local.put(event.subject(), event.value());
                }
            }
            if (page.changes().isEmpty()) {
                return page.next();
            }
            cursor = page.next();
        }
    }

    @Test
    void aLocalCopyKeptFromTheFeedStaysInStepWithTheEngineAcrossTwoNodes() throws Exception {
        List<Api> apis = start(2, TestDatabases.freshPostgresUrl());
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            subjects.add(RequestApiTest.subject(apis.get(i % 2), "feed" + i + "@example.com", "EEA"));
        }
        StewardClient app = client(apis.get(1));
        Map<String, String> local = new HashMap<>();
        List<ChangeEvent> seen = new ArrayList<>();
        String cursor = drain(app, null, local, seen);

        Random random = new Random(7);
        Map<String, List<String>> applied = new LinkedHashMap<>();
        String saved = null;
        for (int step = 0; step < 40; step++) {
            String subject = subjects.get(random.nextInt(subjects.size()));
            boolean granted = random.nextBoolean();
            apis.get(random.nextInt(2)).json("PUT", "/api/v1/subjects/" + subject + "/consents/marketing",
                    "{\"granted\":" + granted + "}", 200);
            applied.computeIfAbsent(subject, s -> new ArrayList<>()).add(granted ? "granted" : "withdrawn");
            if (step == 19) {
                cursor = drain(app, cursor, local, seen);
                saved = cursor; // the application stops here and starts again later from the saved cursor
            }
        }
        List<ChangeEvent> afterRestart = new ArrayList<>();
        drain(client(apis.get(0)), saved, local, afterRestart);
        seen.addAll(afterRestart);
        assertThat(afterRestart).as("resumed: nothing seen twice").allMatch(event -> seen.indexOf(event) == seen.lastIndexOf(event));

        for (String subject : subjects) {
            List<String> inFeed = seen.stream().filter(event -> subject.equals(event.subject())
                    && "consent.marketing".equals(event.name())).map(ChangeEvent::value).toList();
            assertThat(inFeed).as("every change, in order, per subject").isEqualTo(applied.getOrDefault(subject, List.of()));
            boolean decided = app.decide(Check.of(subject, "contact.email", "marketing")).allowed();
            assertThat(decided).as("the local copy decides as the engine does")
                    .isEqualTo("granted".equals(local.get(subject)));
        }
        String feed = new String(apis.get(0).raw("GET", "/api/v1/changes?wait=0&limit=1000", null).body(),
                StandardCharsets.UTF_8);
        assertThat(feed).contains("consent.marketing").doesNotContain("@example.com", "Elena", "INV-2026", "/console");
    }

    @Test
    void aLongPollReturnsAsSoonAsAChangeCommitsOnAnotherNode() throws Exception {
        List<Api> apis = start(2, TestDatabases.freshPostgresUrl());
        String subject = RequestApiTest.subject(apis.get(0), "wait@example.com", "EEA");
        StewardClient app = client(apis.get(1));
        String head = drain(app, null, new HashMap<>(), new ArrayList<>());
        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> app.changes(head, 20));
        Thread.sleep(300);
        assertThat(waiting).as("nothing new yet: still waiting").isNotDone();
        long committed = System.nanoTime();
        apis.get(0).json("PUT", "/api/v1/subjects/" + subject + "/consents/marketing", "{\"granted\":true}", 200);
        ChangePage page = waiting.get(5, java.util.concurrent.TimeUnit.SECONDS);
        long millis = (System.nanoTime() - committed) / 1_000_000;
        assertThat(page.changes()).extracting(ChangeEvent::kind).contains("consent");
        assertThat(millis).as("delivered well within the 1 s bound").isLessThan(1_000);
    }

    @Test
    void theEmbeddedDatabaseHasTheFeedToo() throws Exception {
        Api node = start(1, "").get(0);
        String subject = RequestApiTest.subject(node, "solo@example.com", "EEA");
        node.json("PUT", "/api/v1/subjects/" + subject + "/consents/marketing", "{\"granted\":true}", 200);
        node.json("POST", "/api/v1/subjects/" + subject + "/close", "{}", 204);
        List<ChangeEvent> seen = new ArrayList<>();
        drain(client(node), null, new HashMap<>(), seen);
        assertThat(seen).extracting(ChangeEvent::kind).containsSubsequence("consent", "account");
        assertThat(node.raw("GET", "/api/v1/changes?after=nonsense", null).statusCode()).isEqualTo(400);
        assertThat(node.raw("GET", "/api/v1/changes?wait=99", null).statusCode()).isEqualTo(400);
    }
}
