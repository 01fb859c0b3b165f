package dev.steward.dsr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.SignatureConfig;
import dev.steward.Steward;
import dev.steward.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** A completed erasure gets a signed certificate that anyone with the public key can check. */
class CertificateTest {
    @TempDir
    Path data;

    @Test
    void aCompletedErasureHasACertificateThatVerifiesAndDetectsTampering() throws Exception {
        SignatureConfig.register();
        Steward steward = Steward.start(new Settings(data, "127.0.0.1", 0, Path.of("policies/reference.yaml"), "",
                1 << 20), Clock.systemUTC(), Map.of());
        RequestApiTest.Api api = new RequestApiTest.Api(steward, Files.readString(data.resolve("admin.key")).strip(),
                data);
        try (Steward ignored = api.steward()) {
            String subject = RequestApiTest.subject(api, "rosa@example.com", "EEA");
            String access = RequestApiTest.submit(api, "access", "rosa@example.com", "EEA", "");
            api.json("POST", "/api/v1/requests/" + access + "/verify", "{\"code\":\"" + api.code("rosa@example.com")
                    + "\"}", 200);
            assertThat(api.json("GET", "/api/v1/requests/" + access + "/certificate", null, 409).get("error")
                    .get("code").asText()).isEqualTo("certificate_not_available");

            String erase = RequestApiTest.submit(api, "erase", "rosa@example.com", "EEA", "");
            api.json("POST", "/api/v1/requests/" + erase + "/verify", "{\"code\":\"" + api.code("rosa@example.com")
                    + "\"}", 200);
            JsonNode certificate = api.json("GET", "/api/v1/requests/" + erase + "/certificate", null, 200);
            String statement = certificate.get("statement").asText();
            JsonNode parsed = RequestApiTest.JSON.readTree(statement);
            assertThat(parsed.get("format").asText()).isEqualTo("steward-deletion-certificate/1");
            assertThat(parsed.get("subject").asText()).isEqualTo(subject);
            assertThat(parsed.get("result").get("erased").has("usage.clickstream")).isTrue();
            assertThat(parsed.get("result").get("retained").toString()).contains("tax_accounting", "billing.invoice");
            assertThat(statement).doesNotContain("rosa@example.com", "Elena Ortiz", "INV-2026-001");

            String key = new String(api.raw("GET", "/api/v1/certificates/key", null).body(), StandardCharsets.UTF_8);
            assertThat(key).doesNotContain("privateKey").isEqualTo(certificate.get("public_keyset").asText());
            PublicKeyVerify verifier = TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(key, RegistryConfiguration.get())
                    .getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
            byte[] signature = Base64.getDecoder().decode(certificate.get("signature").asText());
            verifier.verify(signature, statement.getBytes(StandardCharsets.UTF_8));
            byte[] tampered = statement.replace("tax_accounting", "tax_accountinG").getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> verifier.verify(signature, tampered)).isInstanceOf(GeneralSecurityException.class);

            // a plain Ed25519 verifier (the JDK's) checks the same signature with the raw public key
            assertThat(signature).hasSize(64);
            byte[] raw = Base64.getDecoder().decode(certificate.get("public_key").asText());
            byte[] x509 = java.util.HexFormat.of().parseHex("302a300506032b6570032100" + java.util.HexFormat.of()
                    .formatHex(raw));
            java.security.PublicKey publicKey = java.security.KeyFactory.getInstance("Ed25519")
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(x509));
            java.security.Signature plain = java.security.Signature.getInstance("Ed25519");
            plain.initVerify(publicKey);
            plain.update(statement.getBytes(StandardCharsets.UTF_8));
            assertThat(plain.verify(signature)).isTrue();
            plain.initVerify(publicKey);
            plain.update(tampered);
            assertThat(plain.verify(signature)).isFalse();
        }
    }
}
