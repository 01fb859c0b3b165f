package dev.steward.http;

import dev.steward.error.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What Jetty answers itself, before any route runs (a path it cannot decode, bad UTF-8, a malformed
 * header, a URI or headers too large): the API's error shape with a stable code, never Jetty's page
 * and never its message, which may repeat what was sent. Stateless.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                    Callback callback) throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(body(status)), callback);
    }

    /** Jetty writes error bodies for GET and POST only; the API answers every method in its shape. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    /** The error document for a status Jetty chose. */
    static byte[] body(int status) {
        ErrorCode code = switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.BODY_TOO_LARGE;
            case 414 -> ErrorCode.URI_TOO_LONG;
            case 431 -> ErrorCode.HEADERS_TOO_LARGE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
        };
        String message = switch (code) {
            case NOT_FOUND -> "no such resource";
            case METHOD_NOT_ALLOWED -> "this method is not allowed here";
            case BODY_TOO_LARGE -> "the request body is too large";
            case URI_TOO_LONG, HEADERS_TOO_LARGE -> code.format();
            case INTERNAL -> "internal error";
            default -> "the request is malformed (its path, query, headers or encoding could not be read)";
        };
        return ("{\"error\":{\"code\":\"" + code.code() + "\",\"message\":\"" + message + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
