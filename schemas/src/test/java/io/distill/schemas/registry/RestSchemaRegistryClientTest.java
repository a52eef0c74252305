package io.distill.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill.schemas.registry.FakeRegistryServer.Answer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {
    private static final Schema USER = InMemorySchemaRegistryTest.V1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeRegistryServer server;
    private RestSchemaRegistryClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void registerPostsTheSchemaAndCachesTheId() throws Exception {
        server = new FakeRegistryServer((i, r) -> Answer.json(200, "{\"id\":21}"));
        client = client(Map.of());

        assertThat(client.register("users-value", USER)).isEqualTo(21);
        final Schema sameWithOtherWhitespace =
                InMemorySchemaRegistryTest.parse(InMemorySchemaRegistryTest.reformatted(USER));
        assertThat(client.register("users-value", sameWithOtherWhitespace)).isEqualTo(21);
        assertThat(client.getId("users-value", USER)).isEqualTo(21);
        assertThat(client.getSchemaById(21)).isEqualTo(USER);

        assertThat(server.requests()).hasSize(1);
        final FakeRegistryServer.Request request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/subjects/users-value/versions");
        assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(JSON.readTree(request.body()).get("schema").asText()).isEqualTo(USER.toString());
    }

    @Test
    void schemasByIdAreFetchedOnce() throws IOException {
        server = new FakeRegistryServer((i, r) -> Answer.json(200,
                "{\"schema\":" + quote(USER.toString()) + "}"));
        client = client(Map.of());

        assertThat(client.getSchemaById(7)).isEqualTo(USER);
        assertThat(client.getSchemaById(7)).isEqualTo(USER);

        assertThat(server.requests()).extracting(FakeRegistryServer.Request::rawPath).containsExactly("/schemas/ids/7");
    }

    @Test
    void lookupsAndVersionsAreCachedButLatestIsNot() throws IOException {
        final String metadata = "{\"subject\":\"s\",\"version\":3,\"id\":9,\"schema\":" + quote(USER.toString()) + "}";
        server = new FakeRegistryServer((i, r) -> Answer.json(200, metadata));
        client = client(Map.of());

        assertThat(client.lookUpSchema("s", USER)).isEqualTo(new SchemaMetadata("s", 3, 9, USER));
        assertThat(client.getId("s", USER)).isEqualTo(9);
        assertThat(client.getSchemaMetadata("s", 3)).isEqualTo(new SchemaMetadata("s", 3, 9, USER));
        assertThat(client.getSchemaMetadata("s", 3).id()).isEqualTo(9);
        client.getLatestSchemaMetadata("s");
        client.getLatestSchemaMetadata("s");

        assertThat(server.requests()).extracting(r -> r.method() + " " + r.rawPath()).containsExactly(
                "POST /subjects/s", "GET /subjects/s/versions/3", "GET /subjects/s/versions/latest",
                "GET /subjects/s/versions/latest");
    }

    @Test
    void subjectsAreUrlEncoded() throws IOException {
        server = new FakeRegistryServer((i, r) -> Answer.json(200, "[1,2]"));
        client = client(Map.of());

        assertThat(client.getAllVersions("a b/c+d")).containsExactly(1, 2);
        assertThat(server.requests().get(0).rawPath()).isEqualTo("/subjects/a%20b%2Fc%2Bd/versions");
    }

    @Test
    void errorBodiesBecomeExceptionsWithCodeAndMessage() throws IOException {
        server = new FakeRegistryServer((i, r) -> Answer.json(404,
                "{\"error_code\":40403,\"message\":\"Schema 7 not found\"}"));
        client = client(Map.of());

        assertThatThrownBy(() -> client.getSchemaById(7))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40403);
                    assertThat(e.is(RegistryError.SCHEMA_NOT_FOUND)).isTrue();
                    assertThat(e.registryMessage()).isEqualTo("Schema 7 not found");
                    assertThat(e.isRetriable()).isFalse();
                })
                .hasMessage("Schema registry at " + server.url() + ": error 40403 Schema 7 not found");
        assertThat(server.requests()).as("4xx is not retried").hasSize(1);
    }

    @Test
    void incompatibleSchemasAre409() throws IOException {
        server = new FakeRegistryServer((i, r) -> Answer.json(409, "{\"error_code\":409,\"message\":"
                + "\"Schema being registered is incompatible with an earlier schema for subject \\\"s\\\"\"}"));
        client = client(Map.of());

        assertThatThrownBy(() -> client.register("s", USER))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.is(RegistryError.INCOMPATIBLE_SCHEMA)).isTrue())
                .hasMessageContaining("incompatible with an earlier schema");
    }

    @Test
    void nonJsonErrorBodiesAreReportedWithTheStatus() throws IOException {
        server = new FakeRegistryServer((i, r) -> new Answer(401, "<html>Unauthorized</html>"));
        client = client(Map.of());

        assertThatThrownBy(() -> client.getAllSubjects())
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.errorCode()).isEqualTo(401);
                })
                .hasMessageContaining("error 401 <html>Unauthorized</html>");
    }

    @Test
    void serverErrorsAreRetriedUntilSuccess() throws IOException {
        server = new FakeRegistryServer((i, r) -> i < 2
                ? Answer.json(503, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}")
                : Answer.json(200, "[\"a\",\"b\"]"));
        client = client(Map.of("max.retries", 3));

        assertThat(client.getAllSubjects()).containsExactly("a", "b");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void retriesAreBoundedAndTheLastErrorIsReported() throws IOException {
        server = new FakeRegistryServer((i, r) -> Answer.json(500,
                "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}"));
        client = client(Map.of("schema.registry.max.retries", 2));

        assertThatThrownBy(() -> client.getAllSubjects())
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(50001);
                    assertThat(e.isRetriable()).isTrue();
                })
                .hasMessageContaining("Error in the backend data store");
        assertThat(server.requests()).as("first attempt plus two retries").hasSize(3);
    }

    @Test
    void aRequestThatTakesTooLongTimesOut() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        server = new FakeRegistryServer((i, r) -> {
            release.await(30, TimeUnit.SECONDS);
            return Answer.json(200, "[]");
        });
        client = client(Map.of("schema.registry.request.timeout.ms", 200, "max.retries", 0));
        try {
            assertThatThrownBy(() -> client.getAllSubjects())
                    .isInstanceOfSatisfying(SchemaRegistryUnavailableException.class, e -> {
                        assertThat(e.getCause()).isInstanceOf(HttpTimeoutException.class);
                        assertThat(e.isRetriable()).isTrue();
                    })
                    .hasMessageContaining("unreachable at [" + server.url() + "]")
                    .hasMessageContaining("timed out");
        } finally {
            release.countDown();
        }
    }

    @Test
    void anUnreachableRegistryNamesEveryUrlAndTheCause() throws IOException {
        final String dead1 = deadUrl();
        final String dead2 = deadUrl();
        client = new RestSchemaRegistryClient(Map.of("schema.registry.url", dead1 + "," + dead2,
                "max.retries", 1, "retries.wait.ms", 1));

        assertThatThrownBy(() -> client.getSchemaById(1))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("unreachable at [" + dead1 + ", " + dead2 + "]")
                .hasMessageContaining("after 2 attempt(s) of GET /schemas/ids/1")
                .hasMessageContaining("java.net.ConnectException");
    }

    @Test
    void failsOverToTheNextUrl() throws IOException {
        server = new FakeRegistryServer((i, r) -> Answer.json(200, "{\"compatibilityLevel\":\"FULL\"}"));
        client = new RestSchemaRegistryClient(Map.of("schema.registry.url", deadUrl() + ", " + server.url(),
                "max.retries", 0));

        assertThat(client.getCompatibility(null)).isEqualTo(CompatibilityLevel.FULL);
        assertThat(client.getCompatibility(null)).isEqualTo(CompatibilityLevel.FULL);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void basicAuthFromUserInfoIsSentAndNeverShown() throws IOException {
        server = new FakeRegistryServer((i, r) -> Answer.json(404, "{\"error_code\":40401,\"message\":\"nope\"}"));
        client = client(Map.of("basic.auth.credentials.source", "USER_INFO",
                "schema.registry.basic.auth.user.info", "fred:s3cret"));

        assertThatThrownBy(() -> client.getAllVersions("x")).satisfies(e -> assertThat(e.getMessage())
                .doesNotContain("s3cret"));
        assertThat(server.requests().get(0).authorization()).isEqualTo("Basic ZnJlZDpzM2NyZXQ=");
        assertThat(client.toString()).doesNotContain("s3cret");
    }

    @Test
    void basicAuthFromTheUrlIsSentAndNeverShown() throws IOException {
        server = new FakeRegistryServer((i, r) -> Answer.json(200, "[]"));
        client = new RestSchemaRegistryClient(Map.of("schema.registry.url",
                "http://fred:s3cret@127.0.0.1:" + server.port() + "/"));

        assertThat(client.getAllSubjects()).isEmpty();
        assertThat(server.requests().get(0).authorization()).isEqualTo("Basic ZnJlZDpzM2NyZXQ=");
        assertThat(client.toString()).doesNotContain("s3cret").contains("http://127.0.0.1:" + server.port());
    }

    @Test
    void compatibilityCallsUseConfluentsEndpoints() throws Exception {
        server = new FakeRegistryServer((i, r) -> switch (r.method() + " " + r.rawPath()) {
            case "POST /compatibility/subjects/s/versions/latest" -> Answer.json(200,
                    "{\"is_compatible\":false,\"messages\":[\"READER_FIELD_MISSING_DEFAULT_VALUE\"]}");
            case "POST /compatibility/subjects/fresh/versions/latest" -> Answer.json(404,
                    "{\"error_code\":40401,\"message\":\"Subject 'fresh' not found.\"}");
            case "GET /config/s" -> Answer.json(200, "{\"compatibilityLevel\":\"FORWARD\"}");
            case "PUT /config/s" -> Answer.json(200, "{\"compatibility\":\"FULL\"}");
            default -> Answer.json(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
        });
        client = client(Map.of());

        assertThat(client.testCompatibilityVerbose("s", USER))
                .isEqualTo(new CompatibilityResult(false, List.of("READER_FIELD_MISSING_DEFAULT_VALUE")));
        assertThat(client.testCompatibility("fresh", USER)).isTrue();
        assertThat(client.getCompatibility("s")).isEqualTo(CompatibilityLevel.FORWARD);
        assertThat(client.updateCompatibility("s", CompatibilityLevel.FULL)).isEqualTo(CompatibilityLevel.FULL);

        final List<FakeRegistryServer.Request> requests = server.requests();
        assertThat(requests.get(0).query()).isEqualTo("verbose=true");
        assertThat(requests.get(2).query()).isEqualTo("defaultToGlobal=true");
        assertThat(JSON.readTree(requests.get(3).body()).get("compatibility").asText()).isEqualTo("FULL");
    }

    @Test
    void configurationErrorsNameTheKey() {
        assertThatThrownBy(() -> new RestSchemaRegistryClient(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> new RestSchemaRegistryClient(Map.of("schema.registry.url", "ftp://fred:pw@x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url")
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> new RestSchemaRegistryClient(Map.of("schema.registry.url", "http://x",
                "basic.auth.credentials.source", "USER_INFO")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.user.info");
        assertThatThrownBy(() -> new RestSchemaRegistryClient(Map.of("schema.registry.url", "http://x",
                "basic.auth.credentials.source", "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.credentials.source");
        assertThatThrownBy(() -> new RestSchemaRegistryClient(Map.of("schema.registry.url", "http://x",
                "max.retries", -1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max.retries");
    }

    @Test
    void mockUrlsGiveOneSharedRegistryPerScope() {
        final SchemaRegistryClient a1 = SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://rest-a"));
        final SchemaRegistryClient a2 = SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://rest-a"));
        final SchemaRegistryClient b = SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://rest-b"));
        try {
            a1.register("s", USER);
            assertThat(a2.getAllSubjects()).containsExactly("s");
            assertThat(b.getAllSubjects()).isEmpty();
            assertThatThrownBy(() -> a1.getSchemaById(99)).hasMessageContaining("Schema registry at mock://rest-a");
        } finally {
            SchemaRegistryClients.dropMockScope("rest-a");
            SchemaRegistryClients.dropMockScope("rest-b");
        }
        try (SchemaRegistryClient rest = SchemaRegistryClients.create(Map.of("schema.registry.url",
                "http://localhost:8081"))) {
            assertThat(rest).isInstanceOf(RestSchemaRegistryClient.class);
        }
    }

    private RestSchemaRegistryClient client(final Map<String, Object> overrides) {
        final Map<String, Object> config = new HashMap<>(Map.of("schema.registry.url", server.url(),
                "retries.wait.ms", 1, "retries.max.wait.ms", 4));
        config.putAll(overrides);
        return new RestSchemaRegistryClient(config);
    }

    private static String deadUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    private static String quote(final String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
