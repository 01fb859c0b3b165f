package dev.steward.bench.decisions;

import dev.steward.audit.AuditLog;
import dev.steward.consent.ChoiceMethod;
import dev.steward.consent.Choices;
import dev.steward.crypto.KeyRing;
import dev.steward.decision.DecisionEngine;
import dev.steward.decision.DecisionRequest;
import dev.steward.decision.SubjectStates;
import dev.steward.policy.CategoryKey;
import dev.steward.policy.Jurisdiction;
import dev.steward.policy.Policy;
import dev.steward.policy.PurposeKey;
import dev.steward.store.Database;
import dev.steward.vault.IdentityKind;
import dev.steward.vault.NewSubject;
import dev.steward.vault.Subjects;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The shared workload: subjects in several jurisdictions with consents, ads opt-outs and
 * restrictions, stored in a real Steward database, and a fixed list of requests over the reference
 * policy's purposes and categories. Every engine answers the same requests.
 */
final class Workload {
    static final List<String> JURISDICTIONS = List.of("DEFAULT", "EEA", "KR", "US-CA", "UK", "BR", "JP", "IN");
    static final List<String> PURPOSES = List.of("provide", "improve", "personalize", "legal_obligation", "communicate",
            "marketing", "marketing.interest_based_ads", "fraud_prevention");
    static final List<String> CATEGORIES = List.of("contact.name", "contact.email", "contact.phone", "payment.card",
            "usage.clickstream", "cookie.identifier", "commerce.history", "network.ip", "billing.invoice",
            "inference.preferences", "device.info", "credit.history");

    /** One subject as the peers see it. */
    record Person(String id, String jurisdiction, List<String> consents, boolean optOutAds, boolean restricted) { }

    /** One request, by index into the lists above. */
    record Check(int person, String category, String purpose) { }

    final Policy policy;
    final DecisionEngine engine;
    final Database database;
    final List<Person> people = new ArrayList<>();
    final List<Check> checks = new ArrayList<>();
    final DecisionRequest[] requests;

    Workload(Policy policy, Path dir, int subjects, int requestCount) {
        this.policy = policy;
        Clock clock = Clock.systemUTC();
        this.database = Database.embedded(dir);
        KeyRing keys = KeyRing.open(database, dir.resolve("keys"), Optional.empty(), clock);
        AuditLog audit = new AuditLog(database, clock);
        Subjects subjectStore = new Subjects(database, keys, audit, () -> policy, clock);
        SubjectStates states = new SubjectStates(database, keys, () -> policy.meta().version());
        Choices choices = new Choices(database, audit, () -> policy, clock,
                dev.steward.changes.ChangeLog.invalidating(database, clock, states::invalidate));
        this.engine = new DecisionEngine(() -> policy, states, clock);
        Random random = new Random(42);
        for (int i = 0; i < subjects; i++) {
            String jurisdiction = JURISDICTIONS.get(i % JURISDICTIONS.size());
            String id = subjectStore.create("bench", new NewSubject(Map.of(IdentityKind.ACCOUNT_ID, "bench-" + i),
                    Jurisdiction.of(jurisdiction), null, null, true));
            List<String> consents = new ArrayList<>();
            for (String purpose : List.of("marketing", "marketing.interest_based_ads", "personalize")) {
                if (random.nextBoolean()) {
                    choices.set("bench", id, "consent." + purpose, "granted", ChoiceMethod.BANNER, null);
                    consents.add(purpose);
                }
            }
            boolean optOutAds = random.nextInt(4) == 0;
            if (optOutAds) {
                choices.set("bench", id, "opt_out.interest_based_ads", "true", ChoiceMethod.FORM, null);
            }
            boolean restricted = random.nextInt(16) == 0;
            if (restricted) {
                choices.set("bench", id, "restrict", "true", ChoiceMethod.REQUEST, null);
            }
            people.add(new Person(id, jurisdiction, consents, optOutAds, restricted));
        }
        requests = new DecisionRequest[requestCount];
        for (int i = 0; i < requestCount; i++) {
            Check check = new Check(random.nextInt(subjects), CATEGORIES.get(random.nextInt(CATEGORIES.size())),
                    PURPOSES.get(random.nextInt(PURPOSES.size())));
            checks.add(check);
            requests[i] = DecisionRequest.of(people.get(check.person()).id(), CategoryKey.of(check.category()),
                    PurposeKey.of(check.purpose()));
        }
        for (DecisionRequest request : requests) {
            engine.decide(request);
        }
    }
}
