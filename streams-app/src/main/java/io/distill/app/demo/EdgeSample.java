package io.distill.app.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One user's recommendations as the HTTP edge serves them, fetched the way a user would with curl.
 *
 * @param userId the user
 * @param url    the URL asked
 * @param status the HTTP status, or -1 when the edge did not answer
 * @param body   the response body (or why there is none)
 */
record EdgeSample(String userId, URI url, int status, String body) {
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    EdgeSample {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
    }

    /** The command line that fetches the same thing. */
    String curl() {
        return "curl -s '" + url + "'";
    }

    /**
     * Fetches the first {@code n} recommendations of each user from the edge at {@code edge}, asking again while the
     * edge answers 404 or 503 (its table may be a moment behind the topic) until {@code patience} is spent.
     */
    static List<EdgeSample> fetch(final URI edge, final List<String> users, final int n, final Duration patience)
        throws InterruptedException {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        final long deadline = System.nanoTime() + patience.toNanos();
        final List<EdgeSample> samples = new ArrayList<>(users.size());
        for (final String user : users) {
            final URI url = URI.create(edge + "/users/" + URLEncoder.encode(user, StandardCharsets.UTF_8).replace("+", "%20")
                + "/recommendations?n=" + n);
            EdgeSample sample = get(http, user, url);
            while ((sample.status() == 404 || sample.status() == 503 || sample.status() < 0) && System.nanoTime() < deadline) {
                Thread.sleep(RETRY_PAUSE.toMillis());
                sample = get(http, user, url);
            }
            samples.add(sample);
        }
        return samples;
    }

    private static EdgeSample get(final HttpClient http, final String user, final URI url) throws InterruptedException {
        try {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new EdgeSample(user, url, response.statusCode(), response.body().strip());
        } catch (final IOException e) {
            return new EdgeSample(user, url, -1, "the edge did not answer: " + e);
        }
    }
}
