package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.Steward;
import dev.steward.dsr.RequestApiTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README walkthrough through {@code steward-client}, against a real server over real HTTP. */
class ClientEndToEndTest {
    @TempDir
    Path data;

    @Test
    void theWalkthroughThroughTheJavaClient() throws Exception {
        RequestApiTest.Api api = RequestApiTest.start(data, Path.of("policies/reference.yaml"), "", Clock.systemUTC());
        try (Steward steward = api.steward()) {
            StewardClient client = StewardClient.connect(URI.create("http://127.0.0.1:" + steward.port()), api.key());

            String subject = client.createSubject(NewSubject.withEmail("ana.lima@example.com", "EEA"));
            assertThat(client.getSubject(subject).status()).isEqualTo("active");
            assertThat(client.findSubject("email", "ana.lima@example.com", "EEA").id()).isEqualTo(subject);

            String name = client.addRecord(subject, NewRecord.provided("contact.name", "Ana Lima", "provide"));
            client.addRecord(subject, NewRecord.provided("contact.email", "ana.lima@example.com", "provide", "marketing"));
            assertThat(client.readRecords(subject, "provide").records()).extracting(PersonalRecord::id).contains(name);

            Decision before = client.decide(Check.of(subject, "contact.email", "marketing"));
            client.setConsent(subject, "marketing", true, "form");
            Decision after = client.decide(Check.of(subject, "contact.email", "marketing"));
            assertThat(after.allowed()).isTrue();
            List<Decision> batch = client.decideBatch(List.of(Check.of(subject, "contact.email", "marketing"),
                    Check.of(subject, "contact.name", "provide")));
            assertThat(batch).hasSize(2).allSatisfy(decision -> assertThat(decision.allowed()).isTrue());
            assertThat(client.choices(subject)).extracting(Choice::name).contains("consent.marketing");
            assertThat(before.allowed()).as("marketing in the EEA needs consent").isFalse();
            assertThat(client.updateRecord(subject, name, "Ana Lima Souza")).isEqualTo(2);
            assertThat(client.readRecords(subject, "provide").records()).filteredOn(record -> record.id().equals(name))
                    .extracting(PersonalRecord::value).containsExactly("Ana Lima Souza");
            client.addIdentity(subject, "cookie_id", "ck-ana-1");
            assertThat(client.getSubject(subject).identities()).contains("email", "cookie_id");
            assertThat(client.setPreference(subject, "opt_out.sale_sharing", "true", "form").value()).isEqualTo("true");
            String clicks = client.addRecord(subject, new NewRecord("usage.clickstream", "/console/billing", "automatic",
                    List.of("improve")));
            client.deleteRecord(subject, clicks);
            assertThat(client.readRecords(subject, "improve").records()).extracting(PersonalRecord::id)
                    .doesNotContain(clicks);

            SubmittedRequest submitted = client.submitRequest(NewRequest.byEmail("access", "ana.lima@example.com", "EEA"));
            assertThat(submitted.status()).isEqualTo("received");
            assertThat(submitted.dueAt()).isAfter(java.time.Instant.now());
            DataRequest done = client.verifyRequest(submitted.id(), api.code("ana.lima@example.com"));
            assertThat(done.status()).isEqualTo("completed");
            assertThat(client.getRequest(submitted.id()).completedAt()).isNotNull();
            assertThat(client.listRequests("completed")).extracting(DataRequest::id).contains(submitted.id());
            assertThat(entries(client.export(submitted.id()))).contains("data.json", "data.csv", "index.html");
            assertThat(client.ccpaMetrics(Year.now().getValue())).isNotNull();
            ChangePage changes = client.changes(null, 0);
            assertThat(changes.changes()).extracting(ChangeEvent::kind).contains("consent");
            assertThat(client.changes(changes.next(), 0).changes()).as("resumed after the last").isEmpty();

            SubmittedRequest refused = client.submitRequest(NewRequest.byEmail("erase", "ana.lima@example.com", "EEA"));
            DataRequest extended = client.extendRequest(refused.id(), "many systems to search");
            assertThat(extended.extendedReason()).isEqualTo("many systems to search");
            assertThat(extended.dueAt()).isAfter(refused.dueAt());
            DataRequest denied = client.denyRequest(refused.id(), "manifestly unfounded");
            assertThat(denied.status()).isEqualTo("denied");
            assertThat(denied.deniedReason()).isEqualTo("manifestly unfounded");

            assertThatThrownBy(() -> client.getSubject("sub_missing")).isInstanceOfSatisfying(StewardApiException.class,
                    error -> {
                        assertThat(error.status()).isEqualTo(404);
                        assertThat(error.code()).isEqualTo("unknown_subject");
                    });
            assertThatThrownBy(() -> client.decide(Check.of(subject, "contact.email", "no_such_purpose")))
                    .isInstanceOfSatisfying(StewardApiException.class, error -> assertThat(error.code())
                            .isEqualTo("unknown_purpose"));
            StewardClient wrongKey = StewardClient.connect(URI.create("http://127.0.0.1:" + steward.port()), "nope");
            assertThatThrownBy(() -> wrongKey.getSubject(subject)).isInstanceOfSatisfying(StewardApiException.class,
                    error -> assertThat(error.code()).isEqualTo("unauthorized"));
        }
    }

    private static List<String> entries(byte[] zip) throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
