package io.distill.app.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One answer of the edge, independent of the HTTP server so routing can be tested without sockets.
 *
 * @param status      the HTTP status
 * @param contentType the {@code Content-Type}
 * @param body        the body, sent as is
 * @param headers     further response headers (e.g. {@code Allow}); a shared constant, never per request
 */
record EdgeResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON = "application/json; charset=utf-8";

    static EdgeResponse json(final int status, final byte[] body) {
        return new EdgeResponse(status, JSON, body, Map.of());
    }

    static EdgeResponse json(final int status, final byte[] body, final Map<String, String> headers) {
        return new EdgeResponse(status, JSON, body, headers);
    }

    /** The body as text, for tests and logs. */
    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
