package io.distill.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.app.http.RecommendationStore.Unavailable;
import io.distill.app.http.RecommendationStore.Unreadable;
import io.distill.avro.Recommendation;
import io.distill.avro.ScoredItem;
import io.distill.runtime.metrics.PrometheusRegistry;
import io.distill.runtime.metrics.PrometheusText;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EdgeRoutesTest {
    private final FakeStore store = new FakeStore()
        .put(Recommendations.of("u1", "mf-7", "e42", "item-a", "item-b", "item-c"))
        .put(Recommendations.of("a b/c+\u00e9", "mf-7", "e43", "item-z"));
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final EdgeRoutes routes = new EdgeRoutes(store, registry);

    @AfterEach
    void close() {
        routes.close();
    }

    private EdgeResponse get(final String rawPath, final String rawQuery) {
        return routes.handle("GET", rawPath, rawQuery);
    }

    @Test
    void aKnownUserGetsTheLatestListAsJsonWithIsoTimestamps() {
        final EdgeResponse response = get("/users/u1/recommendations", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(response.text()).isEqualTo("{\"userId\":\"u1\",\"items\":[{\"itemId\":\"item-a\",\"score\":0.5},"
            + "{\"itemId\":\"item-b\",\"score\":0.25},{\"itemId\":\"item-c\",\"score\":0.16666667}],\"modelVersion\":\"mf-7\","
            + "\"sourceEventId\":\"e42\",\"eventTimestamp\":\"2026-03-01T12:00:00Z\",\"generatedAt\":\"2026-03-01T12:00:01.250Z\"}");
    }

    @Test
    void nTruncatesTheList() {
        assertThat(get("/users/u1/recommendations", "n=1").text()).contains("\"items\":[{\"itemId\":\"item-a\",\"score\":0.5}],");
        assertThat(get("/users/u1/recommendations", "x=y&n=2").text()).contains("item-b").doesNotContain("item-c");
        assertThat(get("/users/u1/recommendations", "n=99999999999").text()).contains("item-c");
        assertThat(get("/users/u1/recommendations", "other=1").text()).contains("item-c");
    }

    @Test
    void nMustBeAPositiveInteger() {
        for (final String query : List.of("n=0", "n=-1", "n=abc", "n=", "n=1.5", "n=\uff11")) {
            final EdgeResponse response = get("/users/u1/recommendations", query);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.text()).as(query).startsWith("{\"error\":\"query parameter n must be a positive integer");
        }
    }

    @Test
    void userIdsAreUrlDecodedAsUtf8WithPlusKeptLiterally() {
        final EdgeResponse response = get("/users/a%20b%2Fc+%C3%A9/recommendations", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).startsWith("{\"userId\":\"a b/c+\u00e9\",\"items\":[{\"itemId\":\"item-z\"");
        assertThat(get("/users/a%20b%2fc+\u00e9/recommendations", null).status()).as("lower-case hex, raw non-ASCII").isEqualTo(200);
    }

    @Test
    void anUnknownUserIs404NamingTheUser() {
        final EdgeResponse response = get("/users/nobody%22x/recommendations", null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.text()).isEqualTo("{\"error\":\"no recommendations for user 'nobody\\\"x'\"}");
    }

    @Test
    void malformedPathsAre400() {
        for (final String path : List.of("/users", "/users/", "/users//recommendations", "/users/u1", "/users/u1/",
            "/users/u1/recs", "/users/u1/recommendations/", "/users/a/b/recommendations", "/users/%zz/recommendations",
            "/users/%2/recommendations", "/users/%ff/recommendations", "/users/%C3/recommendations", "/users/%20x%/recommendations")) {
            final EdgeResponse response = get(path, null);
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.text()).as(path).startsWith("{\"error\":\"malformed path '");
        }
    }

    @Test
    void otherMethodsAre405WithAllow() {
        for (final String path : List.of("/users/u1/recommendations", "/health", "/metrics")) {
            final EdgeResponse response = routes.handle("POST", path, null);
            assertThat(response.status()).as(path).isEqualTo(405);
            assertThat(response.headers()).as(path).containsEntry("Allow", "GET");
            assertThat(response.text()).as(path).isEqualTo("{\"error\":\"method POST not allowed on " + path + "; use GET\"}");
        }
    }

    @Test
    void otherPathsAre404() {
        for (final String path : List.of("/", "/user/u1/recommendations", "/usersx/u1/recommendations", "/health/", "/metrics/x")) {
            final EdgeResponse response = get(path, null);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.text()).as(path).startsWith("{\"error\":\"no such endpoint '" + path + "'");
        }
    }

    @Test
    void anUnavailableStoreIs503WithTheReasonAndRetryAfter() {
        store.failWith(new Unavailable("the recommendation view is loading topic recommendations"));

        final EdgeResponse response = get("/users/u1/recommendations", null);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.headers()).containsEntry("Retry-After", "1");
        assertThat(response.text()).isEqualTo("{\"error\":\"recommendations are not available yet: the recommendation view is "
            + "loading topic recommendations\"}");
    }

    @Test
    void anUnreadableValueIs500() {
        store.failWith(new Unreadable("BAD_MAGIC_BYTE: not the Confluent wire format"));

        final EdgeResponse response = get("/users/u1/recommendations", null);

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.text()).contains("cannot read the recommendations of user 'u1'").contains("BAD_MAGIC_BYTE");
    }

    @Test
    void healthIsUpWhenEveryComponentIsUpAnd503Otherwise() {
        assertThat(get("/health", null).status()).isEqualTo(200);
        assertThat(get("/health", null).text())
            .isEqualTo("{\"status\":\"UP\",\"components\":{\"recommendations\":{\"status\":\"UP\",\"state\":\"RUNNING\"}}}");

        routes.addHealthComponent("ingest", () -> ComponentHealth.down("ERROR", "stream thread died"));
        final EdgeResponse down = get("/health", null);
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.text()).isEqualTo("{\"status\":\"DOWN\",\"components\":{"
            + "\"recommendations\":{\"status\":\"UP\",\"state\":\"RUNNING\"},"
            + "\"ingest\":{\"status\":\"DOWN\",\"state\":\"ERROR\",\"detail\":\"stream thread died\"}}}");

        routes.removeHealthComponent("ingest");
        store.failWith(new Unavailable("loading"));
        assertThat(get("/health", null).status()).isEqualTo(503);
        assertThat(get("/health", null).text()).contains("\"recommendations\":{\"status\":\"DOWN\",\"state\":\"REBALANCING\","
            + "\"detail\":\"loading\"}");
    }

    @Test
    void aHealthCheckThatThrowsCountsAsDown() {
        routes.addHealthComponent("teacher", () -> {
            throw new IllegalStateException("no bean");
        });

        final EdgeResponse response = get("/health", null);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.text()).contains("\"teacher\":{\"status\":\"DOWN\",\"state\":\"UNKNOWN\",\"detail\":\"health check failed: "
            + "java.lang.IllegalStateException: no bean\"}");
    }

    @Test
    void metricsServesTheRegistryWithRequestCountsByEndpointAndCode() {
        registry.gauge("distill_test_gauge", "A gauge.", () -> 1.5);
        get("/users/u1/recommendations", null);
        get("/users/u1/recommendations", null);
        get("/users/nobody/recommendations", null);
        get("/nowhere", null);

        final EdgeResponse response = get("/metrics", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo(PrometheusText.CONTENT_TYPE);
        final ExpositionFormat.Parsed parsed = ExpositionFormat.parse(response.text());
        assertThat(parsed.named("distill_test_gauge")).singleElement().extracting(ExpositionFormat.Sample::value).isEqualTo(1.5);
        assertThat(parsed.types()).containsEntry(EdgeRoutes.REQUESTS_TOTAL, "counter");
        assertThat(parsed.named(EdgeRoutes.REQUESTS_TOTAL))
            .contains(new ExpositionFormat.Sample(EdgeRoutes.REQUESTS_TOTAL, Map.of("endpoint", "recommendations", "code", "200"), 2),
                new ExpositionFormat.Sample(EdgeRoutes.REQUESTS_TOTAL, Map.of("endpoint", "recommendations", "code", "404"), 1),
                new ExpositionFormat.Sample(EdgeRoutes.REQUESTS_TOTAL, Map.of("endpoint", "other", "code", "404"), 1),
                new ExpositionFormat.Sample(EdgeRoutes.REQUESTS_TOTAL, Map.of("endpoint", "metrics", "code", "200"), 0));
    }

    @Test
    void aStoreThatThrowsIs500NotACrash() {
        final EdgeRoutes broken = new EdgeRoutes(new RecommendationStore() {
            @Override
            public Lookup lookup(final String userId) {
                throw new IllegalStateException("boom");
            }

            @Override
            public ComponentHealth health() {
                return ComponentHealth.up("RUNNING");
            }
        }, new PrometheusRegistry());

        final EdgeResponse response = broken.handle("GET", "/users/u1/recommendations", null);

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.text()).isEqualTo("{\"error\":\"internal error: java.lang.IllegalStateException: boom\"}");
        broken.close();
    }

    @Test
    void jsonEscapesQuotesBackslashesAndControlCharactersAndWritesNonFiniteScoresAsNull() {
        final Recommendation odd = Recommendation.newBuilder(Recommendations.of("q\"\\\n\u0001", "m", "e"))
            .setItems(List.of(new ScoredItem("i\t", Float.NaN), new ScoredItem("j", 1.0E-5f))).build();

        assertThat(EdgeRoutes.recommendationJson(odd, Integer.MAX_VALUE))
            .startsWith("{\"userId\":\"q\\\"\\\\\\n\\u0001\",\"items\":[{\"itemId\":\"i\\t\",\"score\":null},"
                + "{\"itemId\":\"j\",\"score\":1.0E-5}],");
    }

    @Test
    void percentDecodingIsStrict() {
        assertThat(EdgeRoutes.percentDecode("x%41%c3%a9y", 0, 11)).isEqualTo("xA\u00e9y");
        assertThat(EdgeRoutes.percentDecode("plain", 0, 5)).isEqualTo("plain");
        assertThat(EdgeRoutes.percentDecode("%4", 0, 2)).isNull();
        assertThat(EdgeRoutes.percentDecode("%g1", 0, 3)).isNull();
        assertThat(EdgeRoutes.percentDecode("%c3%28", 0, 6)).isNull();
        assertThat(EdgeRoutes.percentDecode("%\uff11\uff11", 0, 3)).isNull();
    }
}
