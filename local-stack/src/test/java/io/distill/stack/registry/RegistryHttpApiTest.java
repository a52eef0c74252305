package io.distill.stack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import io.distill.schemas.registry.CompatibilityLevel;
import io.distill.schemas.registry.InMemorySchemaRegistry;
import io.distill.schemas.registry.RegistryError;
import io.distill.schemas.registry.RestSchemaRegistryClient;
import io.distill.schemas.registry.SchemaMetadata;
import io.distill.schemas.registry.SchemaRegistryException;
import io.distill.schemas.serde.ConfluentWireFormat;
import io.distill.schemas.serde.SpecificAvroSerde;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP layer of the registry server over an in-memory registry: routes, bodies, statuses, error codes. */
class RegistryHttpApiTest {
    static final String V1 = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":"
            + "[{\"name\":\"id\",\"type\":\"string\"}]}";
    static final String V2 = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":"
            + "[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"age\",\"type\":[\"null\",\"int\"],\"default\":null}]}";
    static final String BREAKING = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":"
            + "[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"age\",\"type\":\"int\"}]}";
    private static final String VND = "application/vnd.schemaregistry.v1+json";
    private static final String JSON = "application/json";

    private final SchemaRegistryServer server = SchemaRegistryServer.serve(new InMemorySchemaRegistry("api"),
            "127.0.0.1", 0);
    private final RawHttp http = new RawHttp(server.url());

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void rootAnswersWithConfluentsContentType() {
        final RawHttp.Answer root = http.get("/");
        assertThat(root.status()).isEqualTo(200);
        assertThat(root.contentType()).isEqualTo(VND);
        assertThat(root.body()).isEqualTo("{}");
        assertThat(http.get("/schemas/types").body()).isEqualTo("[\"AVRO\"]");
        assertThat(server.url().toString()).isEqualTo("http://127.0.0.1:" + server.port());
    }

    @Test
    void registrationGivesGlobalIdsAndVersions() {
        assertThat(http.post("/subjects/a-value/versions", JSON, RawHttp.schemaBody(V1)).body()).isEqualTo("{\"id\":1}");
        assertThat(http.post("/subjects/a-value/versions", VND, RawHttp.schemaBody(pretty(V1))).body())
                .isEqualTo("{\"id\":1}");
        assertThat(http.post("/subjects/b-value/versions", VND, "{\"schema\":" + quoted(V1)
                + ",\"schemaType\":\"AVRO\",\"references\":[]}").body()).isEqualTo("{\"id\":1}");
        assertThat(http.post("/subjects/a-value/versions", VND, RawHttp.schemaBody(V2)).body()).isEqualTo("{\"id\":2}");

        assertThat(http.get("/subjects").body()).isEqualTo("[\"a-value\",\"b-value\"]");
        assertThat(http.get("/subjects/a-value/versions").body()).isEqualTo("[1,2]");
        final RawHttp.Answer latest = http.get("/subjects/a-value/versions/latest");
        assertThat(latest.json().get("subject").asText()).isEqualTo("a-value");
        assertThat(latest.json().get("version").asInt()).isEqualTo(2);
        assertThat(latest.json().get("id").asInt()).isEqualTo(2);
        assertThat(parse(latest.json().get("schema").asText())).isEqualTo(parse(V2));
        assertThat(parse(http.get("/subjects/a-value/versions/1/schema").body())).isEqualTo(parse(V1));
        assertThat(parse(http.get("/schemas/ids/1").json().get("schema").asText())).isEqualTo(parse(V1));
        assertThat(parse(http.get("/schemas/ids/1/schema").body())).isEqualTo(parse(V1));
        assertThat(http.get("/schemas/ids/1/versions").body())
                .isEqualTo("[{\"subject\":\"a-value\",\"version\":1},{\"subject\":\"b-value\",\"version\":1}]");
        assertThat(http.get("/schemas/ids/1/subjects").body()).isEqualTo("[\"a-value\",\"b-value\"]");

        final RawHttp.Answer lookup = http.post("/subjects/a-value", VND, RawHttp.schemaBody(V1));
        assertThat(lookup.json().get("version").asInt()).isEqualTo(1);
        assertThat(lookup.json().get("id").asInt()).isEqualTo(1);
    }

    @Test
    void anIncompatibleSchemaIs409WithConfluentsBody() {
        http.post("/subjects/s/versions", VND, RawHttp.schemaBody(V1));

        final RawHttp.Answer refused = http.post("/subjects/s/versions", VND, RawHttp.schemaBody(BREAKING));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).isEqualTo(VND);
        assertThat(refused.json().get("error_code").asInt()).isEqualTo(409);
        assertThat(refused.json().get("message").asText())
                .startsWith("Schema being registered is incompatible with an earlier schema for subject \"s\"");

        final RawHttp.Answer verbose = http.post("/compatibility/subjects/s/versions/latest?verbose=true", VND,
                RawHttp.schemaBody(BREAKING));
        assertThat(verbose.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(verbose.json().get("messages").toString()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(http.post("/compatibility/subjects/s/versions/1", VND, RawHttp.schemaBody(V2)).body())
                .isEqualTo("{\"is_compatible\":true}");
        assertThat(http.post("/compatibility/subjects/s/versions", VND, RawHttp.schemaBody(V2)).body())
                .isEqualTo("{\"is_compatible\":true}");
    }

    @Test
    void compatibilityLevelsAreConfigurable() {
        assertThat(http.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertError(http.get("/config/s"), 404, 40408, "does not have subject-level compatibility configured");
        assertThat(http.get("/config/s?defaultToGlobal=true").body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");

        assertThat(http.put("/config/s", VND, "{\"compatibility\":\"NONE\"}").body())
                .isEqualTo("{\"compatibility\":\"NONE\"}");
        assertThat(http.put("/config", JSON, "{\"compatibility\":\"full_transitive\"}").body())
                .isEqualTo("{\"compatibility\":\"FULL_TRANSITIVE\"}");
        http.post("/subjects/s/versions", VND, RawHttp.schemaBody(V1));
        assertThat(http.post("/subjects/s/versions", VND, RawHttp.schemaBody(BREAKING)).status()).isEqualTo(200);

        assertThat(http.delete("/config/s").body()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(http.get("/config/s?defaultToGlobal=true").body())
                .isEqualTo("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}");
        assertError(http.put("/config", VND, "{\"compatibility\":\"SIDEWAYS\"}"), 422, 42203,
                "Invalid compatibility level");
    }

    @Test
    void errorsHaveConfluentsCodesAndStatuses() {
        http.post("/subjects/s/versions", VND, RawHttp.schemaBody(V1));

        assertError(http.get("/subjects/missing/versions"), 404, 40401, "Subject 'missing' not found.");
        assertError(http.get("/subjects/s/versions/9"), 404, 40402, "Version 9 not found.");
        assertError(http.get("/schemas/ids/99"), 404, 40403, "Schema 99 not found");
        assertError(http.post("/subjects/s", VND, RawHttp.schemaBody(V2)), 404, 40403, "Schema not found");
        assertError(http.get("/subjects/s/versions/zero"), 422, 42202, "not a valid version");
        assertError(http.post("/subjects/s/versions", VND, RawHttp.schemaBody("{\"type\":\"recrod\"}")), 422, 42201,
                "Invalid schema");
        assertError(http.post("/subjects/s/versions", VND, "{\"schema\":\"syntax = \\\"proto3\\\";\","
                + "\"schemaType\":\"PROTOBUF\"}"), 422, 42201, "AVRO schemas only");
        assertError(http.post("/subjects/s/versions", VND, "{\"schema\":" + quoted(V1)
                + ",\"references\":[{\"name\":\"x\",\"subject\":\"y\",\"version\":1}]}"), 422, 42201, "references");
        assertError(http.post("/subjects/s/versions", VND, "{\"schema\":"), 400, 400, "Unparseable JSON");
        assertError(http.post("/subjects/s/versions", "text/plain", RawHttp.schemaBody(V1)), 415, 415,
                "Unsupported Media Type");
        assertError(http.get("/nowhere"), 404, 404, "HTTP 404 Not Found");
        assertError(http.put("/subjects", VND, "{}"), 405, 405, "Method Not Allowed");
    }

    @Test
    void aFailingStoreIs500WithConfluentsBackendCode() {
        final InMemorySchemaRegistry failing = new InMemorySchemaRegistry("failing", records -> {
            throw new SchemaRegistryException("failing", RegistryError.BACKEND_STORE_ERROR,
                    "Error while writing to the schemas topic _schemas");
        });
        try (SchemaRegistryServer broken = SchemaRegistryServer.serve(failing, "127.0.0.1", 0)) {
            final RawHttp brokenHttp = new RawHttp(broken.url());
            assertError(brokenHttp.post("/subjects/s/versions", VND, RawHttp.schemaBody(V1)), 500, 50001,
                    "Error while writing to the schemas topic");
            assertThat(brokenHttp.get("/subjects").body()).isEqualTo("[]");
        }
    }

    @Test
    void softAndPermanentDeletes() {
        http.post("/subjects/s/versions", VND, RawHttp.schemaBody(V1));
        http.post("/subjects/s/versions", VND, RawHttp.schemaBody(V2));

        assertThat(http.delete("/subjects/s/versions/2").body()).isEqualTo("2");
        assertThat(http.get("/subjects/s/versions").body()).isEqualTo("[1]");
        assertThat(http.get("/subjects/s/versions?deleted=true").body()).isEqualTo("[1,2]");
        assertThat(http.delete("/subjects/s").body()).isEqualTo("[1]");
        assertThat(http.get("/subjects").body()).isEqualTo("[]");
        assertThat(http.get("/subjects?deleted=true").body()).isEqualTo("[\"s\"]");
        assertThat(http.get("/schemas/ids/2").status()).as("ids outlive deletes").isEqualTo(200);
        assertThat(http.delete("/subjects/s?permanent=true").body()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects?deleted=true").body()).isEqualTo("[]");
    }

    @Test
    void ourClientAndSerdeWorkAgainstTheServer() {
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(Map.of("schema.registry.url",
                server.url().toString()));
             SpecificAvroSerde<Interaction> serde = new SpecificAvroSerde<>(Interaction.class, client)) {
            final String subject = "odd subject/with+chars-value";
            final int id = client.register(subject, parse(V1));
            assertThat(client.getAllSubjects()).containsExactly(subject);
            assertThat(client.getLatestSchemaMetadata(subject)).isEqualTo(new SchemaMetadata(subject, 1, id, parse(V1)));
            assertThat(client.testCompatibility(subject, parse(BREAKING))).isFalse();
            assertThat(client.updateCompatibility(subject, CompatibilityLevel.FULL)).isEqualTo(CompatibilityLevel.FULL);
            assertThat(client.getCompatibility(subject)).isEqualTo(CompatibilityLevel.FULL);
            assertThatThrownBy(() -> client.register(subject, parse(BREAKING)))
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.is(RegistryError.INCOMPATIBLE_SCHEMA)).isTrue());

            final Interaction interaction = Interaction.newBuilder().setEventId("e1").setUserId("u1").setItemId("i1")
                    .setType(InteractionType.VIEW).setTimestamp(Instant.ofEpochMilli(1000)).build();
            final byte[] bytes = serde.serializer().serialize("interactions", interaction);
            assertThat(ConfluentWireFormat.schemaId("interactions", bytes))
                    .isEqualTo(client.getLatestSchemaMetadata("interactions-value").id());
            assertThat(serde.deserializer().deserialize("interactions", bytes)).isEqualTo(interaction);
        }
    }

    static void assertError(final RawHttp.Answer answer, final int status, final int code, final String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).isEqualTo(VND);
        assertThat(answer.json().get("error_code").asInt()).as(answer.body()).isEqualTo(code);
        assertThat(answer.json().get("message").asText()).contains(message);
    }

    static Schema parse(final String json) {
        return new Schema.Parser().parse(json);
    }

    private static String pretty(final String json) {
        return json.replace(",", ",\n  ").replace("{", "{ ").replace(":", " : ");
    }

    private static String quoted(final String text) {
        return RawHttp.schemaBody(text).substring("{\"schema\":".length(), RawHttp.schemaBody(text).length() - 1);
    }
}
