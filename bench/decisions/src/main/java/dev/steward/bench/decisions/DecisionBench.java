package dev.steward.bench.decisions;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import dev.steward.decision.Decision;
import dev.steward.decision.DecisionRequest;
import dev.steward.policy.PolicyLoader;
import io.sapl.api.interpreter.Val;
import io.sapl.api.pdp.AuthorizationSubscription;
import io.sapl.interpreter.combinators.PolicyDocumentCombiningAlgorithm;
import io.sapl.pdp.EmbeddedPolicyDecisionPoint;
import io.sapl.pdp.PolicyDecisionPointFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One decision per invocation, cycling through the same 1,024 requests, by Steward's engine, by
 * cedar-java and by SAPL's embedded PDP. The set-up checks that all three give the same answer to
 * every request, so they are measured on the same rules.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecisionBench {
    static final int REQUESTS = 1024;

    private Path dir;
    private Workload workload;
    private DecisionRequest[] stewardRequests;
    private BasicAuthorizationEngine cedar;
    private PolicySet cedarPolicies;
    private AuthorizationRequest[] cedarRequests;
    private Set<Entity>[] cedarEntities;
    private EmbeddedPolicyDecisionPoint sapl;
    private AuthorizationSubscription[] saplRequests;
    private int next;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("steward-decision-bench");
        workload = new Workload(new PolicyLoader().load(Path.of(System.getProperty("steward.policy",
                "policies/reference.yaml"))), dir, 64, REQUESTS);
        stewardRequests = workload.requests;
        cedar = new BasicAuthorizationEngine();
        // Let cedar-java keep the parsed policy set on the native side between calls (its fastest mode).
        PolicySet.setCacheMaxPolicySets(16);
        cedarPolicies = PolicySet.parsePolicies(PeerRules.cedar(workload.policy));
        cedarRequests = new AuthorizationRequest[REQUESTS];
        cedarEntities = new Set[REQUESTS];
        saplRequests = new AuthorizationSubscription[REQUESTS];
        sapl = PolicyDecisionPointFactory.fixedInRamPolicyDecisionPoint(PeerRules.sapl(workload.policy),
                PolicyDocumentCombiningAlgorithm.DENY_OVERRIDES, Map.<String, Val>of());
        for (int i = 0; i < REQUESTS; i++) {
            Workload.Check check = workload.checks.get(i);
            Workload.Person person = workload.people.get(check.person());
            Entity principal = new Entity(EntityUID.parse("Subject::\"" + person.id() + "\"").orElseThrow(),
                    Map.of("jurisdiction", new PrimString(person.jurisdiction()), "consents",
                            new CedarList(person.consents().stream().map(c -> (Value) new PrimString(c)).toList()),
                            "optOutAds", new PrimBool(person.optOutAds()), "restricted",
                            new PrimBool(person.restricted())), Set.of());
            Entity resource = new Entity(EntityUID.parse("Category::\"" + check.category() + "\"").orElseThrow(),
                    Map.of("name", new PrimString(check.category())), Set.of());
            EntityUID action = EntityUID.parse("Action::\"" + check.purpose() + "\"").orElseThrow();
            cedarRequests[i] = new AuthorizationRequest(principal.getEUID(), action, resource.getEUID(), Map.of());
            cedarEntities[i] = Set.of(principal, resource);
            Map<String, Object> subject = new HashMap<>();
            subject.put("jurisdiction", person.jurisdiction());
            subject.put("consents", person.consents());
            subject.put("optOutAds", person.optOutAds());
            subject.put("restricted", person.restricted());
            saplRequests[i] = AuthorizationSubscription.of(subject, check.purpose(), check.category());
        }
        verifySameAnswers();
    }

    private void verifySameAnswers() throws Exception {
        for (int i = 0; i < REQUESTS; i++) {
            boolean steward = workload.engine.decide(stewardRequests[i]).allowed();
            boolean byCedar = cedarAllowed(i);
            boolean bySapl = saplAllowed(i);
            if (steward != byCedar || steward != bySapl) {
                Workload.Check check = workload.checks.get(i);
                throw new IllegalStateException("engines disagree on request " + i + " (" + check + "): steward="
                        + steward + " cedar=" + byCedar + " sapl=" + bySapl);
            }
        }
    }

    private boolean cedarAllowed(int i) throws Exception {
        AuthorizationResponse response = cedar.isAuthorized(cedarRequests[i], cedarPolicies, cedarEntities[i]);
        return response.success.orElseThrow(() -> new IllegalStateException("cedar failed: " + response.errors))
                .isAllowed();
    }

    private boolean saplAllowed(int i) {
        return sapl.decide(saplRequests[i]).blockFirst().getDecision() == io.sapl.api.pdp.Decision.PERMIT;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        sapl.destroy();
        workload.database.close();
        try (var walk = Files.walk(dir)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private int index() {
        int i = next;
        next = (i + 1) & (REQUESTS - 1);
        return i;
    }

    @Benchmark
    public Decision steward() {
        return workload.engine.decide(stewardRequests[index()]);
    }

    @Benchmark
    public boolean cedarJava() throws Exception {
        return cedarAllowed(index());
    }

    @Benchmark
    public boolean sapl() {
        return saplAllowed(index());
    }

    static List<String> names() {
        return List.of("steward", "cedarJava", "sapl");
    }
}
