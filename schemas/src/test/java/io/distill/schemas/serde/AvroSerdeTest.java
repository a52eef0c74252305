package io.distill.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.avro.Candidate;
import io.distill.avro.DistillMetrics;
import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import io.distill.avro.ModelQuality;
import io.distill.avro.Recommendation;
import io.distill.avro.ScoredItem;
import io.distill.avro.SoftLabel;
import io.distill.schemas.registry.InMemorySchemaRegistry;
import io.distill.schemas.registry.SchemaRegistryClients;
import io.distill.schemas.registry.SchemaRegistryException;
import io.distill.schemas.serde.WireFormatException.Reason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {
    private static final String SCOPE = "avro-serde-test";
    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry("serde");

    @AfterEach
    void dropScope() {
        SchemaRegistryClients.dropMockScope(SCOPE);
    }

    static Stream<SpecificRecord> everyContract() {
        return Stream.of(
                Interaction.newBuilder().setEventId("e1").setUserId("u1").setItemId("i1")
                        .setType(InteractionType.PURCHASE).setTimestamp(T0).setValue(19.99)
                        .setContext(Map.of("device", "mobile")).build(),
                SoftLabel.newBuilder().setEventId("e1").setUserId("u1").setEventTimestamp(T0).setItemId("i1")
                        .setType(InteractionType.CLICK).setTeacherVersion("ease-3").setTemperature(2.0f)
                        .setCandidates(List.of(new Candidate("i1", 3.5f), new Candidate("i9", -1.25f)))
                        .setTeacherRank(4).setLabelledAt(T0.plusMillis(5)).build(),
                Recommendation.newBuilder().setUserId("u1")
                        .setItems(List.of(new ScoredItem("i2", 0.9f), new ScoredItem("i3", 0.4f)))
                        .setModelVersion("student-7").setSourceEventId("e1").setEventTimestamp(T0)
                        .setGeneratedAt(T0.plusMillis(9)).build(),
                DistillMetrics.newBuilder().setWorker("student").setTask("0_0").setWindow(3).setWindowStart(T0)
                        .setWindowEnd(T0.plusSeconds(60)).setEvents(1000).setLossSum(123.5)
                        .setStudent(new ModelQuality(900L, 300L, 150.25, 200.5))
                        .setTeacher(new ModelQuality(900L, 400L, 210.0, 260.0))
                        .setPopularity(new ModelQuality(900L, 100L, 40.0, 55.0))
                        .setAgreementSum(512.0).setLagMsSum(4000L).setLagMsMax(80L).setModelVersion("student-7")
                        .setEmittedAt(T0.plusSeconds(61)).build(),
                new Candidate("i1", 1.5f), new ScoredItem("i1", 0.5f), new ModelQuality(1L, 1L, 1.0, 1.0));
    }

    @ParameterizedTest
    @MethodSource("everyContract")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void everyContractRoundTripsThroughTheSpecificSerde(final SpecificRecord record) {
        try (SpecificAvroSerde serde = new SpecificAvroSerde(record.getClass(), registry)) {
            final byte[] bytes = serde.serializer().serialize("topic", record);

            assertThat(bytes[0]).isEqualTo(ConfluentWireFormat.MAGIC_BYTE);
            assertThat(ConfluentWireFormat.schemaId("topic", bytes)).isEqualTo(registry.getId("topic-value",
                    record.getSchema()));
            assertThat(serde.deserializer().deserialize("topic", bytes)).isEqualTo(record);
        }
    }

    @Test
    void configuredFromPropertiesLikeConfluentsSerde() {
        final Map<String, Object> props = Map.of("schema.registry.url", "mock://" + SCOPE);
        try (SpecificAvroSerde<Interaction> values = new SpecificAvroSerde<>(Interaction.class);
             SpecificAvroSerde<SpecificRecord> byWriterName = new SpecificAvroSerde<>();
             GenericAvroSerde generic = new GenericAvroSerde()) {
            values.configure(props, false);
            byWriterName.configure(props, false);
            generic.configure(props, false);
            final Interaction interaction = (Interaction) everyContract().findFirst().orElseThrow();

            final byte[] bytes = values.serializer().serialize("interactions", interaction);

            assertThat(SchemaRegistryClients.mockScope(SCOPE).getAllSubjects()).containsExactly("interactions-value");
            assertThat(values.deserializer().deserialize("interactions", bytes)).isEqualTo(interaction);
            assertThat(byWriterName.deserializer().deserialize("interactions", bytes)).isEqualTo(interaction);
            final GenericRecord read = generic.deserializer().deserialize("interactions", bytes);
            assertThat(read.get("itemId").toString()).isEqualTo("i1");
            assertThat(read.get("timestamp")).isEqualTo(T0.toEpochMilli());
            assertThat(generic.serializer().serialize("interactions", read)).isEqualTo(bytes);
        }
    }

    @Test
    void nullsAreTombstonesBothWays() {
        try (SpecificAvroSerde<Interaction> serde = new SpecificAvroSerde<>(Interaction.class, registry)) {
            assertThat(serde.serializer().serialize("t", null)).isNull();
            assertThat(serde.deserializer().deserialize("t", null)).isNull();
        }
        assertThat(registry.getAllSubjects()).isEmpty();
    }

    @Test
    void keysUseTheKeySubjectAndStrategiesAreConfigurable() {
        final AvroSerializer<Object> keys = new AvroSerializer<>(registry, Map.of(), true);
        final AvroSerializer<Object> byRecordName = new AvroSerializer<>(registry,
                Map.of("value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy"),
                false);
        final AvroSerializer<Object> byTopicRecordName = new AvroSerializer<>(registry,
                Map.of("value.subject.name.strategy", SubjectNameStrategy.BuiltIn.TOPIC_RECORD_NAME.configName()),
                false);

        keys.serialize("users", "u1");
        byRecordName.serialize("scores", new ScoredItem("i", 1f));
        byTopicRecordName.serialize("scores", new ScoredItem("i", 1f));

        assertThat(registry.getAllSubjects())
                .containsExactly("io.distill.avro.ScoredItem", "scores-io.distill.avro.ScoredItem", "users-key");
    }

    @Test
    void primitivesAreWrittenWithPrimitiveSchemas() {
        final AvroSerializer<Object> serializer = new AvroSerializer<>(registry);
        final AvroDeserializer<Object> deserializer = new AvroDeserializer<>(registry);

        // "ab": length zigzag(2)=4 then the bytes; 1L: zigzag 2
        assertThat(serializer.serialize("s", "ab")).containsExactly(0, 0, 0, 0, 1, 0x04, 'a', 'b');
        assertThat(serializer.serialize("n", 1L)).containsExactly(0, 0, 0, 0, 2, 0x02);
        assertThat(deserializer.deserialize("n", serializer.serialize("n", 1L))).isEqualTo(1L);
        // a long is not a string: BACKWARD refuses it under the string's subject
        assertThatThrownBy(() -> serializer.serialize("s", 1L))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REGISTRY_REJECTED))
                .hasMessageContaining("error 409");
        assertThatThrownBy(() -> serializer.serialize("s", new Object()))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_DATUM))
                .hasMessageContaining("not an Avro value: java.lang.Object");
    }

    @Test
    void theHotPathAsksTheRegistryOncePerSchema() {
        final CountingClient counting = new CountingClient(registry);
        final AvroSerializer<Interaction> serializer = new AvroSerializer<>(counting);
        final AvroDeserializer<Interaction> deserializer = new AvroDeserializer<>(Interaction.class, counting);
        final Interaction interaction = (Interaction) everyContract().findFirst().orElseThrow();

        for (int i = 0; i < 100; i++) {
            deserializer.deserialize("a", serializer.serialize("a", interaction));
            deserializer.deserialize("b", serializer.serialize("b", interaction));
        }

        assertThat(counting.calls()).containsExactly("register a-value", "getSchemaById 1", "register b-value");
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsRejected() {
        final AvroSerializer<Interaction> serializer = new AvroSerializer<>(registry,
                Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false), false);
        final Interaction interaction = (Interaction) everyContract().findFirst().orElseThrow();

        assertThatThrownBy(() -> serializer.serialize("interactions", interaction))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REGISTRY_REJECTED))
                .hasMessageContaining("subject 'interactions-value'").hasMessageContaining("40401");

        final int id = registry.register("interactions-value", Interaction.getClassSchema());
        assertThat(ConfluentWireFormat.schemaId("t", serializer.serialize("interactions", interaction))).isEqualTo(id);
    }

    @Test
    void useLatestVersionStampsTheLatestIdWhenItEncodesTheSame() {
        final Interaction interaction = (Interaction) everyContract().findFirst().orElseThrow();
        // the registry's copy differs in docs only: same encoding, another id
        final Schema documented = new Schema.Parser().parse(Interaction.getClassSchema().toString()
                .replace("\"doc\":\"Unique per event; the de-duplication key.\"", "\"doc\":\"The dedup key.\""));
        registry.register("interactions-value", Interaction.getClassSchema());
        final int latest = registry.register("interactions-value", documented);
        final AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>(registry,
                Map.of(AvroSerdeConfig.USE_LATEST_VERSION_CONFIG, true), false);

        final byte[] bytes = serializer.serialize("interactions", interaction);

        assertThat(ConfluentWireFormat.schemaId("t", bytes)).isEqualTo(latest);
        assertThat(new AvroDeserializer<>(Interaction.class, registry).deserialize("interactions", bytes))
                .isEqualTo(interaction);
        assertThatThrownBy(() -> serializer.serialize("scores", new ScoredItem("i", 1f)))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REGISTRY_REJECTED));
    }

    @Test
    void olderWritersAndNewEnumSymbolsResolveIntoTheCurrentClass() {
        // an older Interaction without "context", and a newer InteractionType with a symbol we do not know
        final Schema older = new Schema.Parser().parse("""
                {"type":"record","name":"Interaction","namespace":"io.distill.avro","fields":[
                 {"name":"eventId","type":"string"},{"name":"userId","type":"string"},
                 {"name":"itemId","type":"string"},
                 {"name":"type","type":{"type":"enum","name":"InteractionType",
                   "symbols":["VIEW","CLICK","ADD_TO_CART","PURCHASE","SHARE","UNKNOWN"],"default":"UNKNOWN"}},
                 {"name":"timestamp","type":{"type":"long","logicalType":"timestamp-millis"}},
                 {"name":"value","type":["null","double"],"default":null}]}""");
        final GenericRecord record = new GenericData.Record(older);
        record.put("eventId", "e1");
        record.put("userId", "u1");
        record.put("itemId", "i1");
        record.put("type", new GenericData.EnumSymbol(older.getField("type").schema(), "SHARE"));
        record.put("timestamp", 1000L);
        record.put("value", null);

        final byte[] bytes = new AvroSerializer<GenericRecord>(registry).serialize("old", record);
        final Interaction read = new AvroDeserializer<>(Interaction.class, registry).deserialize("old", bytes);

        assertThat(read.getType()).isEqualTo(InteractionType.UNKNOWN);
        assertThat(read.getContext()).isNull();
        assertThat(read.getTimestamp()).isEqualTo(Instant.ofEpochMilli(1000));
    }

    @Test
    void anUnusableRegistryIsUnavailableNotARejection() {
        final ScoredItem item = new ScoredItem("i", 1f);
        for (final int status : new int[] {401, 403, 500}) {
            final InMemorySchemaRegistry failing = new InMemorySchemaRegistry("failing", records -> {
                throw new SchemaRegistryException("failing", status, status == 500 ? 50001 : status, "no");
            });
            assertThatThrownBy(() -> new AvroSerializer<ScoredItem>(failing).serialize("t", item))
                    .isInstanceOfSatisfying(WireFormatException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.REGISTRY_UNAVAILABLE);
                        assertThat(e.isRetriable()).isTrue();
                    })
                    .hasMessageContaining("subject 't-value'");
        }
    }

    @Test
    void aValueThatBreaksItsOwnSchemaIsAnInvalidDatum() {
        final Schema schema = new Schema.Parser().parse("""
                {"type":"record","name":"R","fields":[{"name":"s","type":"string"}]}""");
        final GenericRecord broken = new GenericData.Record(schema);

        assertThatThrownBy(() -> new AvroSerializer<GenericRecord>(registry).serialize("t", broken))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_DATUM))
                .hasMessageContaining("cannot encode a value of R");
    }

    @Test
    void configurationErrorsNameTheKey() {
        assertThatThrownBy(() -> new AvroSerializer<>().configure(Map.of(), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> new AvroSerializer<>(registry,
                Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY_CONFIG, "NoSuchStrategy"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("value.subject.name.strategy")
                .hasMessageContaining("NoSuchStrategy");
        assertThatThrownBy(() -> new AvroSerializer<>(registry, Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG,
                "maybe"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auto.register.schemas");
        assertThatThrownBy(() -> new AvroSerializer<Interaction>().serialize("t",
                (Interaction) everyContract().findFirst().orElseThrow()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("configure()");
    }
}
