package dev.steward.error;

/**
 * Every error Steward reports to a caller: its HTTP status, a stable machine-readable code and a
 * message template ({@link String#format} style). Codes never change once released; add new ones.
 */
public enum ErrorCode {
    BAD_REQUEST(400, "bad_request", "%s"),
    BAD_JSON(400, "bad_json", "the request body is not valid JSON: %s"),
    MISSING_FIELD(400, "missing_field", "field '%s' is required"),
    INVALID_FIELD(400, "invalid_field", "field '%s' is invalid: %s"),
    UNAUTHORIZED(401, "unauthorized", "a valid API key is required (Authorization: Bearer <key>)"),
    FORBIDDEN(403, "forbidden", "role '%s' may not %s"),
    NOT_FOUND(404, "not_found", "no such resource: %s"),
    METHOD_NOT_ALLOWED(405, "method_not_allowed", "method %s is not allowed here"),
    URI_TOO_LONG(414, "uri_too_long", "the request URI is too long"),
    HEADERS_TOO_LARGE(431, "headers_too_large", "the request headers are too large"),
    BODY_TOO_LARGE(413, "body_too_large", "the request body exceeds %d bytes"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type", "send JSON with Content-Type: application/json"),
    POLICY_INVALID(422, "policy_invalid", "the policy has %d problem(s)"),
    UNKNOWN_CATEGORY(400, "unknown_category", "this category is not declared in the policy%2$s"),
    UNKNOWN_PURPOSE(400, "unknown_purpose", "this purpose is not declared in the policy%2$s"),
    UNKNOWN_RECIPIENT(400, "unknown_recipient", "this recipient is not declared in the policy"),
    PURPOSE_NOT_DECLARED(400, "purpose_not_declared", "purpose '%s' is not declared for category '%s'"),
    INVALID_VALUE(400, "invalid_value", "the value is not a valid %s"),
    SENSITIVE_AUTHENTICATION_DATA(400, "sensitive_authentication_data",
            "card security codes (CVV/CVC) must never be sent or stored (PCI DSS 3.3.1); remove field '%s'"),
    UNKNOWN_JURISDICTION(400, "unknown_jurisdiction", "the jurisdiction names no place; use an ISO 3166 country or subdivision code (KR, DE, US-CA) or a section of the policy (EEA)"),
    COLLECTION_REFUSED(403, "collection_refused", "none of the purposes allows collecting this data now: %s"),
    DISCLOSURE_REFUSED(403, "disclosure_refused", "the disclosure is refused: %s"),
    UNKNOWN_SUBJECT(404, "unknown_subject", "no subject has this id"),
    UNKNOWN_REQUEST(404, "unknown_request", "no request has this id"),
    ACCOUNT_STATE(409, "account_state", "%s"),
    VERIFICATION_FAILED(400, "verification_failed", "the code is wrong; %d attempt(s) left"),
    VERIFICATION_EXPIRED(400, "verification_expired", "the code has expired; submit the request again for a new one"),
    VERIFICATION_LOCKED(403, "verification_locked", "too many wrong codes; the request is locked"),
    SECOND_FACTOR_REQUIRED(400, "second_factor_required",
            "a copy of specific pieces needs a second identifier Steward holds for you, such as your phone number, "
            + "in 'also'"),
    RATE_LIMITED(429, "rate_limited", "too many %s; try again later"),
    REQUEST_CLOSED(409, "request_closed", "request %s is %s and cannot change"),
    EXTENSION_NOT_ALLOWED(409, "extension_not_allowed", "%s"),
    EXPORT_NOT_AVAILABLE(409, "export_not_available", "%s"),
    CERTIFICATE_NOT_AVAILABLE(409, "certificate_not_available", "%s"),
    UNKNOWN_SUBJECT_IN_REQUEST(400, "unknown_subject", "the request names a subject that does not exist"),
    UNKNOWN_HOLD(404, "unknown_hold", "no legal hold has this id"),
    RECORD_HELD(409, "record_held", "the record is kept under a hold (%s) and cannot be deleted now"),
    HOLD_RELEASED(409, "hold_released", "legal hold %s is already released"),
    JOB_RUNNING(409, "job_running", "a %s is running now (on this node or another); try again when it ends"),
    UNKNOWN_RECORD(404, "unknown_record", "this subject has no record with this id"),
    IDENTITY_CONFLICT(409, "identity_conflict", "the %s already belongs to another subject"),
    MASTER_KEY_MISSING(500, "master_key_missing",
            "the database holds wrapped keys but the master key %s is missing; restore it or set STEWARD_MASTER_KEY"),
    MASTER_KEY_INVALID(500, "master_key_invalid", "%s"),
    MASTER_KEY_MISMATCH(500, "master_key_mismatch",
            "the master key does not open this database's keys; it belongs to another installation"),
    POLICY_NOT_ACTIVE(500, "policy_not_active",
            "%s is policy version %s, which has never been in force (version %s is); run 'steward policy activate' on it"),
    POLICY_EDITED_IN_PLACE(500, "policy_edited_in_place",
            "%s says version %s but its text differs from that version as it was put in force; give the changed "
            + "policy a new version and activate it"),
    POLICY_VERSION_EXISTS(400, "policy_version_exists", "policy version %s has already been in force"),
    UNKNOWN_POLICY_VERSION(404, "unknown_policy_version", "this subject was sent no notice of that policy version"),
    CONNECTOR_UNAVAILABLE(503, "connector_unavailable",
            "external store '%s' cannot be reached or refused the change (SQL state %s); the request can be retried"),
    NOT_READY(503, "not_ready", "Steward cannot serve requests: %s"),
    CONFIG_INVALID(500, "config_invalid", "%s"),
    INTERNAL(500, "internal", "internal error; see the server log for reference %s");

    private final int status;
    private final String code;
    private final String template;

    ErrorCode(int status, String code, String template) {
        this.status = status;
        this.code = code;
        this.template = template;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String format(Object... args) {
        return String.format(template, args);
    }
}
