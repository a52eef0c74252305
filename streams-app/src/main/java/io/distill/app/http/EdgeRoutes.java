package io.distill.app.http;

import io.distill.app.http.RecommendationStore.Found;
import io.distill.app.http.RecommendationStore.Lookup;
import io.distill.app.http.RecommendationStore.NotFound;
import io.distill.app.http.RecommendationStore.Unavailable;
import io.distill.app.http.RecommendationStore.Unreadable;
import io.distill.avro.Recommendation;
import io.distill.avro.ScoredItem;
import io.distill.runtime.metrics.Counter;
import io.distill.runtime.metrics.PrometheusRegistry;
import io.distill.runtime.metrics.PrometheusText;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's endpoints as a function from (method, raw path, raw query) to an {@link EdgeResponse}:
 *
 * <pre>
 *   GET /users/{userId}/recommendations[?n=K]  200 the latest list (first K items), 404 unknown user,
 *                                              400 malformed path or n, 503 store not queryable, 500 unreadable value
 *   GET /health                                200 every component up, 503 otherwise
 *   GET /metrics                               200 Prometheus text format 0.0.4
 *   another method on these                    405 with Allow: GET
 *   any other path                             404
 * </pre>
 *
 * Counts every answer in {@code distill_edge_requests_total{endpoint,code}}. Thread-safe.
 */
final class EdgeRoutes implements AutoCloseable {
    /** The component name of the recommendation store on {@code /health}. */
    static final String STORE_COMPONENT = "recommendations";
    static final String REQUESTS_TOTAL = "distill_edge_requests_total";

    private static final Logger LOG = LoggerFactory.getLogger(EdgeRoutes.class);
    private static final String USERS = "/users";
    private static final String RECOMMENDATIONS = "/recommendations";
    private static final String HEALTH = "/health";
    private static final String METRICS = "/metrics";
    private static final String GET = "GET";
    private static final Map<String, String> ALLOW_GET = Map.of("Allow", GET);
    private static final Map<String, String> RETRY_SOON = Map.of("Retry-After", "1");
    private static final int[] STATUSES = {200, 400, 404, 405, 500, 503};
    private static final int JSON_BYTES_PER_ITEM = 48;

    /** The endpoints, for the request counters. */
    private enum Endpoint {
        RECOMMENDATIONS, HEALTH, METRICS, OTHER;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final RecommendationStore store;
    private final PrometheusRegistry registry;
    private final Counter[][] requests;
    private final Object componentsLock = new Object();
    // replaced on every change, read without a lock by /health
    private volatile Map<String, Supplier<ComponentHealth>> components;

    EdgeRoutes(final RecommendationStore store, final PrometheusRegistry registry) {
        this.store = Objects.requireNonNull(store, "store");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.components = Map.of(STORE_COMPONENT, store::health);
        this.requests = new Counter[Endpoint.values().length][STATUSES.length];
        for (final Endpoint endpoint : Endpoint.values()) {
            for (int i = 0; i < STATUSES.length; i++) {
                requests[endpoint.ordinal()][i] = registry.counter(REQUESTS_TOTAL, "HTTP requests answered by the edge, by endpoint "
                    + "and status code.", Map.of("endpoint", endpoint.label(), "code", Integer.toString(STATUSES[i])));
            }
        }
    }

    /** Adds (or replaces) a component reported on {@code /health}; the recommendation store is always there. */
    void addHealthComponent(final String name, final Supplier<ComponentHealth> health) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(health, "health");
        if (STORE_COMPONENT.equals(name)) {
            throw new IllegalArgumentException("health component '" + STORE_COMPONENT + "' is the edge's own");
        }
        synchronized (componentsLock) {
            final Map<String, Supplier<ComponentHealth>> copy = new LinkedHashMap<>(components);
            copy.put(name, health);
            components = copy;
        }
    }

    /** Removes a component added by {@link #addHealthComponent}. */
    void removeHealthComponent(final String name) {
        synchronized (componentsLock) {
            final Map<String, Supplier<ComponentHealth>> copy = new LinkedHashMap<>(components);
            if (!STORE_COMPONENT.equals(name) && copy.remove(name) != null) {
                components = copy;
            }
        }
    }

    /**
     * Answers one request.
     *
     * @param method   the HTTP method
     * @param rawPath  the path as sent, still percent-encoded
     * @param rawQuery the query as sent, or null
     */
    EdgeResponse handle(final String method, final String rawPath, final String rawQuery) {
        final Endpoint endpoint = endpointOf(rawPath);
        EdgeResponse response;
        try {
            response = route(endpoint, method, rawPath, rawQuery);
        } catch (final RuntimeException e) {
            LOG.debug("{} {} failed", method, rawPath, e);
            response = EdgeResponse.json(500, Json.error("internal error: " + e));
        }
        count(endpoint, response.status());
        return response;
    }

    private EdgeResponse route(final Endpoint endpoint, final String method, final String rawPath, final String rawQuery) {
        if (endpoint == Endpoint.OTHER) {
            return EdgeResponse.json(404, Json.error("no such endpoint '" + rawPath
                + "'; use /users/{userId}/recommendations, /health or /metrics"));
        }
        if (!GET.equals(method)) {
            return EdgeResponse.json(405, Json.error("method " + method + " not allowed on " + rawPath + "; use GET"), ALLOW_GET);
        }
        return switch (endpoint) {
            case RECOMMENDATIONS -> recommendations(rawPath, rawQuery);
            case HEALTH -> health();
            case METRICS -> new EdgeResponse(200, PrometheusText.CONTENT_TYPE, Json.utf8(registry.scrape()), Map.of());
            case OTHER -> throw new IllegalStateException("unreachable");
        };
    }

    private static Endpoint endpointOf(final String rawPath) {
        if (rawPath == null) {
            return Endpoint.OTHER;
        }
        if (rawPath.equals(USERS) || rawPath.startsWith(USERS) && rawPath.charAt(USERS.length()) == '/') {
            return Endpoint.RECOMMENDATIONS;
        }
        if (rawPath.equals(HEALTH)) {
            return Endpoint.HEALTH;
        }
        return rawPath.equals(METRICS) ? Endpoint.METRICS : Endpoint.OTHER;
    }

    private EdgeResponse recommendations(final String rawPath, final String rawQuery) {
        final String userId = userIdOf(rawPath);
        if (userId == null) {
            return EdgeResponse.json(400, Json.error("malformed path '" + rawPath
                + "': expected /users/{userId}/recommendations with a non-empty, URL-encoded userId"));
        }
        final int limit = limitOf(rawQuery);
        if (limit < 0) {
            return EdgeResponse.json(400, Json.error("query parameter n must be a positive integer, got '" + rawQuery + "'"));
        }
        final Lookup lookup = store.lookup(userId);
        if (lookup instanceof Found found) {
            return EdgeResponse.json(200, Json.utf8(recommendationJson(found.recommendation(), limit)));
        } else if (lookup instanceof NotFound) {
            return EdgeResponse.json(404, Json.error("no recommendations for user '" + userId + "'"));
        } else if (lookup instanceof Unavailable unavailable) {
            return EdgeResponse.json(503, Json.error("recommendations are not available yet: " + unavailable.reason()), RETRY_SOON);
        } else {
            final Unreadable unreadable = (Unreadable) lookup;
            LOG.debug("Unreadable recommendations for user {}: {}", userId, unreadable.reason());
            return EdgeResponse.json(500, Json.error("cannot read the recommendations of user '" + userId + "': "
                + unreadable.reason()));
        }
    }

    private EdgeResponse health() {
        final Map<String, Supplier<ComponentHealth>> current = components;
        final StringBuilder parts = new StringBuilder(64 * current.size());
        boolean up = true;
        for (final Map.Entry<String, Supplier<ComponentHealth>> entry : current.entrySet()) {
            ComponentHealth health;
            try {
                health = entry.getValue().get();
            } catch (final RuntimeException e) {
                health = ComponentHealth.down("UNKNOWN", "health check failed: " + e);
            }
            up &= health.up();
            if (parts.length() > 0) {
                parts.append(',');
            }
            Json.string(parts, entry.getKey()).append(":{\"status\":").append(health.up() ? "\"UP\"" : "\"DOWN\"")
                .append(",\"state\":");
            Json.string(parts, health.state());
            if (health.detail() != null) {
                Json.string(parts.append(",\"detail\":"), health.detail());
            }
            parts.append('}');
        }
        final StringBuilder out = new StringBuilder(parts.length() + 48).append("{\"status\":")
            .append(up ? "\"UP\"" : "\"DOWN\"").append(",\"components\":{").append(parts).append("}}");
        return EdgeResponse.json(up ? 200 : 503, Json.utf8(out));
    }

    /** The JSON of a recommendation, its first {@code limit} items only. */
    static String recommendationJson(final Recommendation recommendation, final int limit) {
        final List<ScoredItem> items = recommendation.getItems();
        final int count = Math.min(limit, items.size());
        final StringBuilder out = new StringBuilder(160 + JSON_BYTES_PER_ITEM * count).append("{\"userId\":");
        Json.string(out, recommendation.getUserId()).append(",\"items\":[");
        for (int i = 0; i < count; i++) {
            final ScoredItem item = items.get(i);
            if (i > 0) {
                out.append(',');
            }
            Json.string(out.append("{\"itemId\":"), item.getItemId()).append(",\"score\":");
            Json.number(out, item.getScore()).append('}');
        }
        Json.string(out.append("],\"modelVersion\":"), recommendation.getModelVersion());
        Json.string(out.append(",\"sourceEventId\":"), recommendation.getSourceEventId());
        out.append(",\"eventTimestamp\":\"").append(recommendation.getEventTimestamp()).append('"');
        out.append(",\"generatedAt\":\"").append(recommendation.getGeneratedAt()).append('"');
        return out.append('}').toString();
    }

    /** The decoded userId of {@code /users/{userId}/recommendations}, or null when the path is not that. */
    static String userIdOf(final String rawPath) {
        if (!rawPath.startsWith(USERS + "/") || !rawPath.endsWith(RECOMMENDATIONS)) {
            return null;
        }
        final int start = USERS.length() + 1;
        final int end = rawPath.length() - RECOMMENDATIONS.length();
        if (end <= start || rawPath.indexOf('/', start) != end) {
            return null;
        }
        final String userId = percentDecode(rawPath, start, end);
        return userId == null || userId.isEmpty() ? null : userId;
    }

    /**
     * Decodes {@code %XX} escapes of a path segment as UTF-8 ({@code +} stays a plus: this is a path, not a form);
     * null for a truncated escape, a non-hex digit or bytes that are not UTF-8.
     */
    static String percentDecode(final String raw, final int start, final int end) {
        final int firstEscape = raw.indexOf('%', start);
        if (firstEscape < 0 || firstEscape >= end) {
            return raw.substring(start, end);
        }
        // each char is at most 3 UTF-8 bytes, and an escape of 3 chars is 1 byte
        final byte[] bytes = new byte[(end - start) * 3];
        int length = 0;
        for (int i = start; i < end; i++) {
            final char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= end) {
                    return null;
                }
                final int high = hex(raw.charAt(i + 1));
                final int low = hex(raw.charAt(i + 2));
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes[length++] = (byte) (high << 4 | low);
                i += 2;
            } else if (c < 0x80) {
                bytes[length++] = (byte) c;
            } else {
                // a character outside ASCII sent unescaped (the JDK server lets it through): its UTF-8 bytes
                final boolean pair = Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(raw.charAt(i + 1));
                if (Character.isSurrogate(c) && !pair) {
                    return null;
                }
                final byte[] encoded = raw.substring(i, pair ? i + 2 : i + 1).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(encoded, 0, bytes, length, encoded.length);
                length += encoded.length;
                i += pair ? 1 : 0;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (final CharacterCodingException e) {
            return null;
        }
    }

    private static int hex(final char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** The {@code n} of the query: {@link Integer#MAX_VALUE} when absent, -1 when not a positive integer. */
    static int limitOf(final String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Integer.MAX_VALUE;
        }
        int from = 0;
        while (from <= rawQuery.length()) {
            int to = rawQuery.indexOf('&', from);
            if (to < 0) {
                to = rawQuery.length();
            }
            if (rawQuery.startsWith("n=", from)) {
                return positiveInt(rawQuery, from + 2, to);
            }
            from = to + 1;
        }
        return Integer.MAX_VALUE;
    }

    private static int positiveInt(final String text, final int start, final int end) {
        if (end <= start) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            final char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            // more items than any list holds means all of them
            value = Math.min(value * 10 + (c - '0'), Integer.MAX_VALUE);
        }
        return value < 1 ? -1 : (int) value;
    }

    private void count(final Endpoint endpoint, final int status) {
        for (int i = 0; i < STATUSES.length; i++) {
            if (STATUSES[i] == status) {
                requests[endpoint.ordinal()][i].inc();
                return;
            }
        }
    }

    /** Removes the request counters from the registry. */
    @Override
    public void close() {
        for (final Counter[] byStatus : requests) {
            for (final Counter counter : byStatus) {
                counter.close();
            }
        }
    }
}
