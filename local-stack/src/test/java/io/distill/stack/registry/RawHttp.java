package io.distill.stack.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** curl-like calls to a registry with java.net.http, for tests that check the wire, not our client. */
final class RawHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: status, content type and body. */
    record Answer(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (final IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    RawHttp(final URI base) {
        this.base = base;
    }

    Answer get(final String path) {
        return send("GET", path, null, null);
    }

    Answer delete(final String path) {
        return send("DELETE", path, null, null);
    }

    Answer post(final String path, final String contentType, final String body) {
        return send("POST", path, contentType, body);
    }

    Answer put(final String path, final String contentType, final String body) {
        return send("PUT", path, contentType, body);
    }

    /** The JSON body {@code {"schema": "<schema>"}}. */
    static String schemaBody(final String schema) {
        try {
            return JSON.createObjectNode().put("schema", schema).toString();
        } catch (final RuntimeException e) {
            throw new AssertionError(e);
        }
    }

    Answer send(final String method, final String path, final String contentType, final String body) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            final HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (final IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
