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
    BODY_TOO_LARGE(413, "body_too_large", "the request body exceeds %d bytes"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type", "send JSON with Content-Type: application/json"),
    POLICY_INVALID(422, "policy_invalid", "the policy has %d problem(s)"),
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
