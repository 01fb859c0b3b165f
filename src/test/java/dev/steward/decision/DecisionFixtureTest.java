package dev.steward.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.steward.audit.AuditLog;
import dev.steward.consent.ChoiceMethod;
import dev.steward.consent.Choices;
import dev.steward.crypto.KeyRing;
import dev.steward.policy.CategoryKey;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.Policy;
import dev.steward.policy.PolicyLoader;
import dev.steward.policy.PurposeKey;
import dev.steward.policy.RecipientKey;
import dev.steward.store.Database;
import dev.steward.vault.IdentityKind;
import dev.steward.vault.NewSubject;
import dev.steward.vault.Subjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision rules as data: each file under {@code decisions/} names a policy, a day, subjects
 * (jurisdiction, age, guardian, account state, choices in the order they were made) and cases
 * {@code {name, request, expected: {allowed, reason, basis}}}. One loader runs them all against the
 * real engine over a real database.
 */
class DecisionFixtureTest {
    static final Path FIXTURES = Path.of("src/test/resources/decisions");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Map<Path, World> WORLDS = new HashMap<>();

    record Case(Path file, String name, JsonNode request, JsonNode expected) {
        @Override
        public String toString() {
            return file.getFileName() + ": " + name;
        }
    }

    /** A fixture file's subjects, stored in their own database, and an engine whose clock is the file's day. */
    record World(DecisionEngine engine, Map<String, String> ids, Path dir) { }

    static Stream<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(FIXTURES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode item : YAML.readTree(file.toFile()).get("cases")) {
                    cases.add(new Case(file, item.get("name").asText(), item.get("request"), item.get("expected")));
                }
            }
        }
        return cases.stream();
    }

    @Test
    void thereAreAtLeast150Cases() throws IOException {
        assertThat(cases().count()).isGreaterThanOrEqualTo(150);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(Case fixture) throws IOException {
        World world = world(fixture.file());
        JsonNode request = fixture.request();
        String subject = world.ids().get(request.get("subject").asText());
        assertThat(subject).as("subject " + request.get("subject")).isNotNull();
        Decision decision = world.engine().decide(new DecisionRequest(subject,
                CategoryKey.of(request.get("category").asText()), PurposeKey.of(request.get("purpose").asText()),
                request.hasNonNull("recipient") ? RecipientKey.of(request.get("recipient").asText()) : null,
                request.hasNonNull("channel") ? request.get("channel").asText() : null));
        JsonNode expected = fixture.expected();
        assertThat(decision.reason()).as("reason").isEqualTo(expected.get("reason").asText());
        assertThat(decision.allowed()).as("allowed").isEqualTo(expected.get("allowed").asBoolean());
        if (expected.has("basis")) {
            assertThat(decision.basis()).as("basis").isEqualTo(expected.get("basis").asText());
        }
    }

    static synchronized World world(Path file) throws IOException {
        World existing = WORLDS.get(file);
        if (existing != null) {
            return existing;
        }
        JsonNode root = YAML.readTree(file.toFile());
        Policy policy = new PolicyLoader().load(Path.of(root.get("policy").asText()));
        Clock clock = Clock.fixed(LocalDate.parse(root.get("today").asText()).atTime(12, 0).toInstant(ZoneOffset.UTC),
                ZoneOffset.UTC);
        Path dir = Files.createTempDirectory(Path.of("target"), "decisions-");
        Database database = Database.embedded(dir);
        KeyRing keys = KeyRing.open(database, dir.resolve("keys"), Optional.empty(), clock);
        AuditLog audit = new AuditLog(database, clock);
        Subjects subjects = new Subjects(database, keys, audit, () -> policy, Clock.fixed(clock.instant(),
                ZoneOffset.UTC));
        SubjectStates states = new SubjectStates(database, keys, () -> policy.meta().version());
        Choices choices = new Choices(database, audit, () -> policy, clock,
                dev.steward.changes.ChangeLog.invalidating(database, clock, states::invalidate));
        Map<String, Policy> earlier = earlierVersions(root, policy, database);
        Map<String, String> ids = new HashMap<>();
        for (var entry : root.get("subjects").properties()) {
            ids.put(entry.getKey(), create(subjects, choices, database, entry.getKey(), entry.getValue()));
            if (entry.getValue().hasNonNull("pending_terms")) {
                notify(database, ids.get(entry.getKey()), policy.meta().version(),
                        entry.getValue().get("pending_terms").asText(), entry.getValue().path("answer").asText(null));
            }
        }
        World world = new World(new DecisionEngine(() -> policy, version -> Optional.ofNullable(earlier.get(version)),
                states, clock), ids, dir);
        WORLDS.put(file, world);
        return world;
    }

    /**
     * Earlier policy versions, each derived from a policy file by text replacements, stored as the
     * versions that were in force before the fixture's policy.
     */
    private static Map<String, Policy> earlierVersions(JsonNode root, Policy current, Database database)
            throws IOException {
        Map<String, Policy> versions = new HashMap<>();
        if (!root.has("earlier_versions")) {
            return versions;
        }
        insertVersion(database, current.meta().version());
        for (var entry : root.get("earlier_versions").properties()) {
            String text = Files.readString(Path.of(entry.getValue().get("from").asText()));
            for (JsonNode pair : entry.getValue().path("replace")) {
                assertThat(text).as("fixture replacement").contains(pair.get(0).asText());
                text = text.replace(pair.get(0).asText(), pair.get(1).asText());
            }
            Policy policy = new PolicyLoader().load("earlier " + entry.getKey(), text);
            assertThat(policy.meta().version()).isEqualTo(entry.getKey());
            versions.put(entry.getKey(), policy);
            insertVersion(database, entry.getKey());
        }
        return versions;
    }

    /** Fixture times: each version and notice later than the one before. */
    private static final java.util.concurrent.atomic.AtomicLong TICK = new java.util.concurrent.atomic.AtomicLong();

    private static java.time.Instant tick() {
        return java.time.Instant.parse("2026-01-01T00:00:00Z").plusSeconds(TICK.incrementAndGet());
    }

    private static void insertVersion(Database database, String version) {
        database.jdbi().useHandle(handle -> handle.createUpdate("INSERT INTO policy_version (version, policy_id, source, "
                + "sha256, activated_at, material) VALUES (:v, 'fixture', '', '', :t, true)").bind("v", version)
                .bind("t", tick()).execute());
    }

    /** A notice of the policy in force sent to the subject, who had data under {@code previous}; maybe answered. */
    private static void notify(Database database, String subject, String inForce, String previous, String answer) {
        database.jdbi().useHandle(handle -> handle.createUpdate("INSERT INTO policy_notice (subject_id, version, "
                + "previous_version, notified_at, choice) VALUES (:s, :v, :p, :t, :c)").bind("s", subject).bind("t", tick())
                .bind("v", inForce).bind("p", previous).bind("c", answer).execute());
    }

    private static String create(Subjects subjects, Choices choices, Database database, String name, JsonNode spec) {
        String guardian = null;
        if (spec.path("guardian").asBoolean(false)) {
            guardian = subjects.create("fixture", new NewSubject(Map.of(IdentityKind.ACCOUNT_ID, name + "-guardian"),
                    Jurisdiction.of(spec.get("jurisdiction").asText()), null, null, true));
        }
        LocalDate birth = spec.hasNonNull("birth_date") ? LocalDate.parse(spec.get("birth_date").asText()) : null;
        String id = subjects.create("fixture", new NewSubject(Map.of(IdentityKind.ACCOUNT_ID, name),
                Jurisdiction.of(spec.get("jurisdiction").asText()), birth, guardian, spec.path("customer").asBoolean(true)));
        for (JsonNode choice : spec.path("choices")) {
            ChoiceMethod method = ChoiceMethod.parse(choice.path("method").asText("api")).orElseThrow();
            if (method == ChoiceMethod.GPC) {
                choices.applyGpc("fixture", id, List.of(choice.get("name").asText()));
            } else {
                choices.set("fixture", id, choice.get("name").asText(), choice.get("value").asText(), method, null);
            }
        }
        if (spec.path("closed").asBoolean(false)) {
            database.jdbi().useHandle(handle -> handle.createUpdate("UPDATE subject SET status = 'closed' WHERE id = :id")
                    .bind("id", id).execute());
        }
        return id;
    }

    @AfterAll
    static void close() {
        WORLDS.clear();
    }
}
