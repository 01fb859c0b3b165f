package dev.steward.dsr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.steward.audit.AuditEvent;
import dev.steward.audit.AuditLog;
import dev.steward.crypto.KeyRing;
import dev.steward.error.ErrorCode;
import dev.steward.error.StewardException;
import dev.steward.vault.Erasure;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deletion certificates: for a completed erasure request, or for any erased subject (a purge after
 * account closure has no request), a statement of what was erased, in which stores, when, and what
 * legal holds keep — ids, categories and counts only, never a value — signed with the deployment's
 * Ed25519 certificate key. Anyone holding the public keyset can check it.
 */
public final class Certificates {
    static final String FORMAT = "steward-deletion-certificate/1";
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final Requests requests;
    private final Erasure erasure;
    private final KeyRing keys;
    private final AuditLog audit;
    private final Clock clock;

    public Certificates(Requests requests, Erasure erasure, KeyRing keys, AuditLog audit, Clock clock) {
        this.requests = requests;
        this.erasure = erasure;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
    }

    /** The signed bytes as text ({@code statement}), the signature (base64) and the public keyset to check it. */
    public record Certificate(String statement, String signature, String publicKeyset, String publicKey) { }

    /** The public keyset (Tink JSON) that checks every certificate of this deployment. */
    public String publicKeyset() {
        return keys.verificationKeyset();
    }

    public Certificate issue(String actor, String requestId) {
        DsrRequest request = requests.get(requestId);
        if (request.type() != RequestType.ERASE || (request.status() != RequestStatus.COMPLETED
                && request.status() != RequestStatus.PARTIALLY_COMPLETED)) {
            throw new StewardException(ErrorCode.CERTIFICATE_NOT_AVAILABLE, "a certificate is issued for a completed "
                    + "erasure request");
        }
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("format", FORMAT);
        statement.put("request", request.id());
        statement.put("subject", request.subjectId());
        statement.put("jurisdiction", request.jurisdiction());
        statement.put("received_at", request.receivedAt());
        statement.put("completed_at", request.completedAt());
        statement.put("status", request.status().name().toLowerCase(java.util.Locale.ROOT));
        statement.put("result", request.result());
        return sign(actor, request.subjectId(), statement, Map.of("request", request.id()));
    }

    /** The certificate of a subject's erasure, whatever caused it (a request, the purge after closure). */
    public Certificate issueForSubject(String actor, String subjectId) {
        Erasure.Recorded recorded = erasure.recorded(subjectId).orElseThrow(() -> new StewardException(
                ErrorCode.CERTIFICATE_NOT_AVAILABLE, "subject " + subjectId + " has not been erased"));
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("format", FORMAT);
        statement.put("subject", subjectId);
        statement.put("erased_at", recorded.erasedAt());
        statement.put("erased_by", recorded.erasedBy());
        try {
            statement.put("result", CANONICAL.readValue(recorded.result(), Map.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("erasure record of " + subjectId, e);
        }
        return sign(actor, subjectId, statement, Map.of("erasure", subjectId));
    }

    private Certificate sign(String actor, String subjectId, Map<String, Object> statement, Map<String, Object> about) {
        statement.put("issued_at", clock.instant().toString());
        String text;
        try {
            text = CANONICAL.writeValueAsString(statement);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("certificate statement", e);
        }
        String signature = Base64.getEncoder().encodeToString(keys.sign(text.getBytes(StandardCharsets.UTF_8)));
        audit.append(AuditEvent.of(actor, "request.certificate", subjectId, "ok", about));
        return new Certificate(text, signature, keys.verificationKeyset(), keys.verificationKey());
    }
}
