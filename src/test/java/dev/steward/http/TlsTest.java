package dev.steward.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.Steward;
import dev.steward.config.Settings;
import dev.steward.connect.DatasetLoader;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.policy.PolicyLoader;
import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --tls-cert --tls-key}: HTTPS only, from PEM files; a bad file is refused before any key
 * is written and without repeating its contents. Processor webhooks refuse plain http:// off this machine.
 */
class TlsTest {
    @TempDir
    Path dir;

    private Certificate certificate;

    /** A self-signed certificate for 127.0.0.1 made with the JDK's keytool, written as PEM cert and PKCS#8 key. */
    private void certificate(Path cert, Path key) throws Exception {
        Path store = dir.resolve("made.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "steward", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "test-only", "-keypass", "test-only")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(store.toFile())) {
            keys.load(in, "test-only".toCharArray());
        }
        certificate = keys.getCertificate("steward");
        Base64.Encoder pem = Base64.getMimeEncoder(64, "\n".getBytes());
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n" + pem.encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + pem.encodeToString(keys.getKey("steward",
                "test-only".toCharArray()).getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    }

    private Settings settings(Path data, Path cert, Path key) {
        return new Settings(data, "127.0.0.1", 0, Path.of("policies/reference.yaml"), "", 1 << 20, data.resolve("datasets"),
                null, Settings.DEFAULT_POOL_SIZE, cert, key);
    }

    @Test
    void serveSpeaksHttpsOnlyWithThePemCertificate() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        certificate(cert, key);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("steward", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(context).build();
        Path data = dir.resolve("data");
        try (Steward steward = Steward.start(settings(data, cert, key), Clock.systemUTC(), Map.of())) {
            HttpResponse<String> health = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                    + steward.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("ok");
            HttpResponse<String> policy = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                    + steward.port() + "/api/v1/policy")).header("Authorization", "Bearer "
                    + Files.readString(data.resolve("admin.key")).strip()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(policy.statusCode()).isEqualTo(200);

            boolean plainAnswered;
            try {
                HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + steward.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                plainAnswered = plain.statusCode() == 200;
            } catch (java.io.IOException e) {
                plainAnswered = false;
            }
            assertThat(plainAnswered).as("no plain HTTP on the TLS port").isFalse();
        }
    }

    @Test
    void aBadCertificateOrKeyIsRefusedBeforeAnyKeyIsWritten() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        certificate(cert, key);
        String secret = Files.readString(key).lines().skip(1).findFirst().orElseThrow();
        Path pkcs1 = dir.resolve("rsa.pem");
        Files.writeString(pkcs1, "-----BEGIN RSA PRIVATE KEY-----\n" + secret + "\n-----END RSA PRIVATE KEY-----\n");
        Path data = dir.resolve("data");
        for (Path[] pair : new Path[][] {{cert, pkcs1}, {key, key}, {cert, dir.resolve("missing.pem")}}) {
            assertThatThrownBy(() -> Steward.start(settings(data, pair[0], pair[1]), Clock.systemUTC(), Map.of()))
                    .isInstanceOf(StewardException.class)
                    .satisfies(e -> assertThat(((StewardException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID))
                    .hasMessageNotContaining(secret.substring(0, 20));
        }
        assertThatThrownBy(() -> Steward.start(settings(data, pkcs1, key), Clock.systemUTC(), Map.of()))
                .hasMessageContaining("rsa.pem");
        assertThat(data.resolve("admin.key")).doesNotExist();
        assertThat(!Files.isDirectory(data.resolve("keys")) || Files.list(data.resolve("keys")).findAny().isEmpty())
                .as("no master key written").isTrue();
        assertThatThrownBy(() -> settings(data, cert, null)).isInstanceOf(StewardException.class)
                .hasMessageContaining("--tls-key");
    }

    @Test
    void aProcessorWebhookOverPlainHttpIsRefusedUnlessItIsOnThisMachine() throws Exception {
        Path datasets = Files.createDirectories(dir.resolve("datasets"));
        var policy = new PolicyLoader().load(Path.of("policies/reference.yaml"));
        Map<String, String> environment = Map.of("STEWARD_WEBHOOK_CRM", "s".repeat(32));
        Files.writeString(datasets.resolve("crm.yaml"), """
                dataset: crm
                webhook: {url: "http://crm.example.com/steward", secret_env: STEWARD_WEBHOOK_CRM}
                identity: {kind: email}
                """);
        assertThatThrownBy(() -> DatasetLoader.loadAll(datasets, policy, environment))
                .hasMessageContaining("webhook.url").hasMessageContaining("https://");
        for (String allowed : new String[] {"https://crm.example.com/steward", "http://127.0.0.1:9000/steward",
            "http://localhost:9000/steward"}) {
            Files.writeString(datasets.resolve("crm.yaml"), """
                    dataset: crm
                    webhook: {url: "%s", secret_env: STEWARD_WEBHOOK_CRM}
                    identity: {kind: email}
                    """.formatted(allowed));
            assertThat(DatasetLoader.loadAll(datasets, policy, environment)).as(allowed).hasSize(1);
        }
    }
}
