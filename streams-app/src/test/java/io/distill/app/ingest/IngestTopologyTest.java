package io.distill.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.avro.Candidate;
import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import io.distill.avro.SoftLabel;
import io.distill.runtime.ThreadRecovery;
import io.distill.schemas.registry.InMemorySchemaRegistry;
import io.distill.schemas.registry.RestSchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryClients;
import io.distill.schemas.serde.ConfluentWireFormat;
import io.distill.schemas.serde.GenericAvroSerde;
import io.distill.schemas.serde.SpecificAvroSerde;
import io.distill.schemas.serde.WireFormatException;
import io.distill.schemas.topics.TopicNames;
import io.distill.schemas.validation.InteractionValidator;
import io.distill.schemas.validation.RejectReason;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

class IngestTopologyTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final String INPUT = TopicNames.DEFAULT.interactions();
    private static final String TRACE = "trace-id";
    private static final String WIRE_FORMAT = WireFormatException.class.getName();
    private static final AtomicInteger SCOPES = new AtomicInteger();

    @TempDir
    Path stateDir;

    private String scope;
    private InMemorySchemaRegistry registry;
    private SpecificAvroSerde<Interaction> serde;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> valid;
    private TestOutputTopic<byte[], byte[]> dlq;
    /** Offset of the next record piped into the input (the driver numbers them from 0). */
    private long nextOffset;
    private int nextValid;

    @BeforeEach
    void setUp(final TestInfo info) {
        scope = "ingest-topology-" + info.getTestMethod().orElseThrow().getName() + "-" + SCOPES.incrementAndGet();
        registry = SchemaRegistryClients.mockScope(scope);
        serde = new SpecificAvroSerde<>(Interaction.class, registry);
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
        serde.close();
        SchemaRegistryClients.dropMockScope(scope);
    }

    private static IngestConfig config() {
        return new IngestConfig(Map.of(IngestConfig.DEDUP_WINDOW_MS, WINDOW.toMillis()));
    }

    private void start() {
        start(EventValidator.of(new InteractionValidator(config().validationLimits(), CLOCK)), registry);
    }

    private void start(final EventValidator validator, final SchemaRegistryClient client) {
        final Topology topology = IngestTopology.build(config(), client, validator, CLOCK);
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(topology, props);
        input = driver.createInputTopic(INPUT, new ByteArraySerializer(), new ByteArraySerializer());
        valid = driver.createOutputTopic(TopicNames.DEFAULT.interactionsValid(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        dlq = driver.createOutputTopic(TopicNames.DEFAULT.interactionsDlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static Interaction.Builder event(final String eventId, final String userId) {
        return Interaction.newBuilder().setEventId(eventId).setUserId(userId).setItemId("item-1").setType(InteractionType.CLICK)
            .setTimestamp(T0).setValue(null).setContext(null);
    }

    private byte[] bytes(final Interaction interaction) {
        return serde.serializer().serialize(INPUT, interaction);
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Pipes a record with a {@value #TRACE} header and returns its offset. */
    private long pipe(final byte[] key, final byte[] value) {
        final Headers headers = new RecordHeaders().add(TRACE, utf8("t-" + nextOffset));
        input.pipeInput(new TestRecord<>(key, value, headers, T0.plusSeconds(nextOffset)));
        return nextOffset++;
    }

    /** Pipes a fresh valid event and checks that it is the next record of the valid topic, bytes unchanged. */
    private void assertAValidRecordStillPasses() {
        final Interaction interaction = event("fresh-" + nextValid++, "u9").build();
        final byte[] value = bytes(interaction);
        pipe(utf8("u9"), value);
        assertThat(valid.isEmpty()).as("a valid record is accepted").isFalse();
        final TestRecord<byte[], byte[]> out = valid.readRecord();
        assertThat(out.key()).isEqualTo(utf8("u9"));
        assertThat(out.value()).isEqualTo(value);
        assertThat(valid.isEmpty()).isTrue();
    }

    /**
     * Pipes {@code key}/{@code value}, expects it in the dead-letter topic untouched with the given reason, then
     * checks that a valid record still passes. Returns the dead-letter headers for further checks.
     */
    private DeadLetter assertDeadLettered(final byte[] key, final byte[] value, final RejectReason reason, final String errorClass) {
        final long offset = pipe(key, value);
        assertThat(valid.isEmpty()).as("nothing reaches the valid topic").isTrue();
        assertThat(dlq.isEmpty()).as("the record is dead-lettered").isFalse();
        final TestRecord<byte[], byte[]> out = dlq.readRecord();
        assertThat(out.key()).isEqualTo(key);
        assertThat(out.value()).isEqualTo(value);
        assertThat(out.getRecordTime()).as("record timestamp kept").isEqualTo(T0.plusSeconds(offset));
        assertThat(DeadLetterHeaders.value(out.headers(), TRACE)).as("original headers kept").contains("t-" + offset);
        final DeadLetter letter = DeadLetterHeaders.read(out.headers()).orElseThrow();
        assertThat(letter.reason()).isEqualTo(reason);
        assertThat(letter.errorClass()).isEqualTo(errorClass);
        assertThat(letter.sourceTopic()).isEqualTo(INPUT);
        assertThat(letter.sourcePartition()).isZero();
        assertThat(letter.sourceOffset()).isEqualTo(offset);
        assertThat(letter.ingestedAt()).isEqualTo(NOW);
        assertThat(letter.detail()).isNotBlank();
        assertThat(dlq.isEmpty()).isTrue();
        assertAValidRecordStillPasses();
        return letter;
    }

    private DeadLetter assertRejectedByValidation(final Interaction interaction, final String key, final RejectReason reason) {
        return assertDeadLettered(utf8(key), bytes(interaction), reason, DeadLetterHeaders.VALIDATION);
    }

    @Test
    void aValidEventPassesWithItsOriginalBytesAndEventTime() {
        start();
        final Interaction interaction = event("e1", "u1").setValue(3.5).setContext(Map.of("device", "phone")).build();
        final byte[] key = utf8("u1");
        final byte[] value = bytes(interaction);

        pipe(key, value);

        final TestRecord<byte[], byte[]> out = valid.readRecord();
        assertThat(out.key()).isEqualTo(key);
        assertThat(out.value()).isEqualTo(value);
        assertThat(out.getRecordTime()).as("record timestamp = event time").isEqualTo(T0);
        assertThat(DeadLetterHeaders.value(out.headers(), TRACE)).contains("t-0");
        assertThat(valid.isEmpty()).isTrue();
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void extraFieldsOfANewerProducerSurviveBecauseRecordsPassThrough() {
        start();
        final Schema newer = new Schema.Parser().parse(Interaction.getClassSchema().toString().replace(
            "\"name\":\"context\"",
            "\"name\":\"sessionId\",\"type\":[\"null\",\"string\"],\"default\":null},{\"name\":\"context\""));
        assertThat(newer.getField("sessionId")).isNotNull();
        final GenericRecord record = new GenericRecordBuilder(newer).set("eventId", "e-new").set("userId", "u1").set("itemId", "i1")
            .set("type", new GenericData.EnumSymbol(newer.getField("type").schema(), "VIEW")).set("timestamp", T0.toEpochMilli())
            .set("value", null).set("sessionId", "s-42").set("context", null).build();
        final byte[] value;
        try (GenericAvroSerde generic = new GenericAvroSerde(registry)) {
            value = generic.serializer().serialize(INPUT, record);
        }

        pipe(utf8("u1"), value);

        assertThat(valid.readRecord().value()).isEqualTo(value);
        assertThat(new String(value, StandardCharsets.UTF_8)).contains("s-42");
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void anEventAheadOfTheClockWithinTheSkewIsAcceptedWithTheClockAsRecordTimestamp() {
        start();
        final Instant ahead = NOW.plus(Duration.ofHours(23));
        final byte[] value = bytes(event("e-ahead", "u1").setTimestamp(ahead).build());

        pipe(utf8("u1"), value);

        final TestRecord<byte[], byte[]> out = valid.readRecord();
        assertThat(out.value()).isEqualTo(value);
        assertThat(out.getRecordTime()).isEqualTo(NOW);
    }

    @Test
    void textThatIsNotAvroHasABadMagicByte() {
        start();
        final DeadLetter letter = assertDeadLettered(utf8("u1"),
            utf8("{\"eventId\":\"e1\",\"userId\":\"u1\",\"itemId\":\"i1\",\"type\":\"CLICK\"}"), RejectReason.BAD_MAGIC_BYTE,
            WIRE_FORMAT);
        assertThat(letter.detail()).contains("first byte is 0x7b");
    }

    @Test
    void fewerBytesThanTheHeaderAreTruncated() {
        start();
        assertDeadLettered(utf8("u1"), new byte[] {0, 0, 1}, RejectReason.TRUNCATED, WIRE_FORMAT);
    }

    @Test
    void aWrongMagicByteIsRejected() {
        start();
        final byte[] value = bytes(event("e1", "u1").build());
        value[0] = 0x01;
        assertDeadLettered(utf8("u1"), value, RejectReason.BAD_MAGIC_BYTE, WIRE_FORMAT);
    }

    @Test
    void anUnknownSchemaIdIsRejected() {
        start();
        final byte[] good = bytes(event("e1", "u1").build());
        final byte[] value = good.clone();
        ConfluentWireFormat.writeHeader(value, 0, 4242);
        final DeadLetter letter = assertDeadLettered(utf8("u1"), value, RejectReason.UNKNOWN_SCHEMA_ID, WIRE_FORMAT);
        assertThat(letter.detail()).contains("4242");
    }

    @Test
    void aRecordOfAnotherSchemaIsTheWrongSchema() {
        start();
        final SoftLabel label = SoftLabel.newBuilder().setEventId("e1").setUserId("u1").setEventTimestamp(T0).setItemId("i1")
            .setType(InteractionType.CLICK).setTeacherVersion("ease-1").setTemperature(2f)
            .setCandidates(List.of(new Candidate("i1", 1.5f))).setTeacherRank(null).setLabelledAt(T0).build();
        final byte[] value;
        try (SpecificAvroSerde<SoftLabel> labels = new SpecificAvroSerde<>(SoftLabel.class, registry)) {
            value = labels.serializer().serialize(TopicNames.DEFAULT.softLabels(), label);
        }
        final DeadLetter letter = assertDeadLettered(utf8("u1"), value, RejectReason.WRONG_SCHEMA, WIRE_FORMAT);
        assertThat(letter.detail()).contains("SoftLabel");
    }

    @Test
    void aBodyCutShortIsTruncated() {
        start();
        final byte[] good = bytes(event("e1", "u1").build());
        assertDeadLettered(utf8("u1"), Arrays.copyOf(good, good.length - 3), RejectReason.TRUNCATED, WIRE_FORMAT);
    }

    @Test
    void bytesAfterTheRecordAreMalformedAvro() {
        start();
        final byte[] good = bytes(event("e1", "u1").build());
        final byte[] value = Arrays.copyOf(good, good.length + 2);
        value[good.length] = 0x7F;
        value[good.length + 1] = 0x7F;
        assertDeadLettered(utf8("u1"), value, RejectReason.MALFORMED_AVRO, WIRE_FORMAT);
    }

    @Test
    void aNullOrEmptyValueIsEmpty() {
        start();
        assertThat(assertDeadLettered(utf8("u1"), null, RejectReason.EMPTY_VALUE, DeadLetterHeaders.VALIDATION).detail())
            .contains("null");
        assertThat(assertDeadLettered(utf8("u1"), new byte[0], RejectReason.EMPTY_VALUE, DeadLetterHeaders.VALIDATION).detail())
            .contains("empty");
    }

    @Test
    void aRecordWithoutKeyIsAKeyMismatch() {
        start();
        final DeadLetter letter = assertDeadLettered(null, bytes(event("e1", "u1").build()), RejectReason.KEY_MISMATCH,
            DeadLetterHeaders.VALIDATION);
        assertThat(letter.detail()).isEqualTo("record has no key");
    }

    @Test
    void aKeyThatIsNotTheUserIdIsAKeyMismatch() {
        start();
        assertRejectedByValidation(event("e1", "u1").build(), "u2", RejectReason.KEY_MISMATCH);
        assertDeadLettered(new byte[] {(byte) 0xC3, 0x28}, bytes(event("e2", "u1").build()), RejectReason.KEY_MISMATCH,
            DeadLetterHeaders.VALIDATION);
    }

    @Test
    void missingOrEmptyIdsAreRejected() {
        start();
        assertRejectedByValidation(event("", "u1").build(), "u1", RejectReason.MISSING_EVENT_ID);
        assertRejectedByValidation(event("e1", "").build(), "", RejectReason.MISSING_USER_ID);
        assertRejectedByValidation(event("e2", "   ").build(), "   ", RejectReason.MISSING_USER_ID);
        assertRejectedByValidation(event("e3", "u1").setItemId("").build(), "u1", RejectReason.MISSING_ITEM_ID);
    }

    @Test
    void oversizedIdsAreRejected() {
        start();
        final String long257 = "x".repeat(257);
        assertRejectedByValidation(event("e1", "u1").setItemId(long257).build(), "u1", RejectReason.ID_TOO_LONG);
        assertRejectedByValidation(event(long257, "u1").build(), "u1", RejectReason.ID_TOO_LONG);
        assertRejectedByValidation(event("e2", long257).build(), long257, RejectReason.ID_TOO_LONG);
    }

    @Test
    void anOversizedContextIsRejected() {
        start();
        final Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 65; i++) {
            many.put("k" + i, "v");
        }
        assertRejectedByValidation(event("e1", "u1").setContext(many).build(), "u1", RejectReason.CONTEXT_TOO_LARGE);
        assertRejectedByValidation(event("e2", "u1").setContext(Map.of("page", "p".repeat(16_384))).build(), "u1",
            RejectReason.CONTEXT_TOO_LARGE);
    }

    @Test
    void anEventTypeOfANewerProducerIsAnUnknownType() {
        start();
        final Schema withShare = new Schema.Parser().parse(Interaction.getClassSchema().toString()
            .replace("\"PURCHASE\",\"UNKNOWN\"]", "\"PURCHASE\",\"UNKNOWN\",\"SHARE\"]"));
        final Schema typeSchema = withShare.getField("type").schema();
        assertThat(typeSchema.getEnumSymbols()).contains("SHARE");
        // the newer schema is registered under the topic's subject, as a newer producer would
        registry.register(INPUT + "-value", withShare);
        final GenericRecord record = new GenericRecordBuilder(withShare).set("eventId", "e-share").set("userId", "u1")
            .set("itemId", "i1").set("type", new GenericData.EnumSymbol(typeSchema, "SHARE")).set("timestamp", T0.toEpochMilli())
            .set("value", null).set("context", null).build();
        final byte[] value;
        try (GenericAvroSerde generic = new GenericAvroSerde(registry)) {
            value = generic.serializer().serialize(INPUT, record);
        }
        final DeadLetter letter = assertDeadLettered(utf8("u1"), value, RejectReason.UNKNOWN_TYPE, DeadLetterHeaders.VALIDATION);
        assertThat(letter.detail()).contains("not one of");
    }

    @Test
    void timestampsBefore2000OrFarInTheFutureAreRejected() {
        start();
        assertRejectedByValidation(event("e1", "u1").setTimestamp(Instant.parse("1999-12-31T23:59:59.999Z")).build(), "u1",
            RejectReason.TIMESTAMP_TOO_OLD);
        assertRejectedByValidation(event("e2", "u1").setTimestamp(NOW.plus(Duration.ofDays(1)).plusMillis(1)).build(), "u1",
            RejectReason.TIMESTAMP_IN_FUTURE);
        assertRejectedByValidation(event("e3", "u1").setTimestamp(Instant.parse("2100-01-01T00:00:00Z")).build(), "u1",
            RejectReason.TIMESTAMP_IN_FUTURE);
    }

    @Test
    void aValueThatIsNotFiniteIsRejected() {
        start();
        assertRejectedByValidation(event("e1", "u1").setValue(Double.NaN).build(), "u1", RejectReason.VALUE_NOT_FINITE);
    }

    @Test
    void aDuplicateEventIdWithinTheWindowIsRejectedAndAcceptedAgainOutsideIt() {
        start();
        final byte[] original = bytes(event("dup", "u1").build());
        pipe(utf8("u1"), original);
        assertThat(valid.readRecord().value()).isEqualTo(original);

        // the same record again (a producer retry)
        final DeadLetter resent = assertDeadLettered(utf8("u1"), original, RejectReason.DUPLICATE_EVENT, DeadLetterHeaders.VALIDATION);
        assertThat(resent.detail()).contains("'dup'").contains(T0.toString()).contains("source offset 0");
        // same eventId, event time inside the window on either side
        assertRejectedByValidation(event("dup", "u1").setTimestamp(T0.plus(WINDOW)).build(), "u1", RejectReason.DUPLICATE_EVENT);
        assertRejectedByValidation(event("dup", "u1").setTimestamp(T0.minus(WINDOW)).build(), "u1", RejectReason.DUPLICATE_EVENT);

        // one millisecond outside the window: a new event
        final byte[] later = bytes(event("dup", "u1").setTimestamp(T0.plus(WINDOW).plusMillis(1)).build());
        pipe(utf8("u1"), later);
        final TestRecord<byte[], byte[]> accepted = valid.readRecord();
        assertThat(accepted.value()).isEqualTo(later);
        assertThat(accepted.getRecordTime()).isEqualTo(T0.plus(WINDOW).plusMillis(1));
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void aRejectedRecordIsNotRememberedForDeduplication() {
        start();
        assertRejectedByValidation(event("e1", "u2").build(), "u1", RejectReason.KEY_MISMATCH);
        final byte[] fixed = bytes(event("e1", "u1").build());
        pipe(utf8("u1"), fixed);
        assertThat(valid.readRecord().value()).isEqualTo(fixed);
    }

    @Test
    void aRecordThatMakesTheProcessorThrowIsAProcessingErrorAndProcessingGoesOn() {
        final InteractionValidator real = new InteractionValidator(config().validationLimits(), CLOCK);
        start((key, event) -> {
            if ("poison".equals(event.getEventId())) {
                throw new IllegalStateException("validator bug on " + event.getEventId());
            }
            return real.validate(key, event);
        }, registry);
        final DeadLetter letter = assertDeadLettered(utf8("u1"), bytes(event("poison", "u1").build()), RejectReason.PROCESSING_ERROR,
            IllegalStateException.class.getName());
        assertThat(letter.detail()).isEqualTo("IllegalStateException: validator bug on poison");
        assertThat(letter.isValidation()).isFalse();
    }

    @Test
    void anUnreachableRegistryFailsTheTaskInsteadOfDeadLetteringGoodRecords() throws IOException {
        final byte[] value = bytes(event("e1", "u1").build());
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (RestSchemaRegistryClient unreachable = new RestSchemaRegistryClient(Map.of("schema.registry.url",
            "http://127.0.0.1:" + closedPort, "max.retries", 0))) {
            start(EventValidator.of(new InteractionValidator(config().validationLimits(), CLOCK)), unreachable);

            assertThatThrownBy(() -> pipe(utf8("u1"), value)).satisfies(error -> assertThat(ThreadRecovery.isTransient(error)).isTrue())
                .hasStackTraceContaining("REGISTRY_UNAVAILABLE");
            assertThat(dlq.isEmpty()).isTrue();
            assertThat(valid.isEmpty()).isTrue();
        }
    }

    @Test
    void staleDeadLetterHeadersOfAReplayedRecordAreReplacedOrDropped() {
        start();
        final Headers stale = new RecordHeaders();
        DeadLetterHeaders.write(stale, new DeadLetter(RejectReason.BAD_MAGIC_BYTE, "old", WIRE_FORMAT, "elsewhere", 7, 99, T0));
        final byte[] mismatched = bytes(event("e1", "u2").build());
        input.pipeInput(new TestRecord<>(utf8("u1"), mismatched, stale, T0));
        final TestRecord<byte[], byte[]> rejected = dlq.readRecord();
        for (final String name : DeadLetterHeaders.ALL) {
            assertThat(rejected.headers().headers(name)).as(name).hasSize(1);
        }
        assertThat(DeadLetterHeaders.read(rejected.headers()).orElseThrow().reason()).isEqualTo(RejectReason.KEY_MISMATCH);

        final byte[] good = bytes(event("e2", "u1").build());
        input.pipeInput(new TestRecord<>(utf8("u1"), good, stale, T0));
        final TestRecord<byte[], byte[]> accepted = valid.readRecord();
        assertThat(accepted.value()).isEqualTo(good);
        assertThat(DeadLetterHeaders.read(accepted.headers())).isEmpty();
        for (final String name : DeadLetterHeaders.ALL) {
            assertThat(accepted.headers().headers(name)).as(name).isEmpty();
        }
    }

    @Test
    void outcomesAreCountedAsStreamsMetricsPerTask() {
        start();
        pipe(utf8("u1"), bytes(event("e1", "u1").build()));
        pipe(utf8("u1"), bytes(event("e2", "u1").build()));
        pipe(utf8("u1"), bytes(event("e2", "u1").build()));
        pipe(utf8("u1"), utf8("not avro"));

        assertThat(metric(IngestMetrics.ACCEPTED_TOTAL, null)).isEqualTo(2.0);
        assertThat(metric(IngestMetrics.REJECTED_TOTAL, RejectReason.DUPLICATE_EVENT)).isEqualTo(1.0);
        assertThat(metric(IngestMetrics.REJECTED_TOTAL, RejectReason.BAD_MAGIC_BYTE)).isEqualTo(1.0);
        assertThat(metric(IngestMetrics.REJECTED_TOTAL, RejectReason.TRUNCATED)).as("registered before the first reject").isEqualTo(0.0);
    }

    private double metric(final String name, final RejectReason reason) {
        final Map<MetricName, ? extends Metric> metrics = driver.metrics();
        return metrics.entrySet().stream()
            .filter(e -> e.getKey().group().equals(IngestMetrics.GROUP) && e.getKey().name().equals(name)
                && "0_0".equals(e.getKey().tags().get(IngestMetrics.TASK_ID_TAG))
                && (reason == null || reason.name().equals(e.getKey().tags().get(IngestMetrics.REASON_TAG))))
            .map(e -> (Double) e.getValue().metricValue())
            .reduce((a, b) -> {
                throw new AssertionError("more than one metric " + name + " " + reason);
            })
            .orElseThrow(() -> new AssertionError("no metric " + name + " " + reason + " in " + metrics.keySet()));
    }

    @Test
    void everyNodeAndTheStoreAreNamed() {
        final TopologyDescription description = IngestTopology.build(config(), registry,
            new InteractionValidator(config().validationLimits(), CLOCK), CLOCK).describe();
        final TopologyDescription.Subtopology subtopology = description.subtopologies().iterator().next();
        assertThat(description.subtopologies()).hasSize(1);
        assertThat(subtopology.nodes()).extracting(TopologyDescription.Node::name).containsExactlyInAnyOrder(IngestTopology.SOURCE,
            IngestTopology.PROCESSOR, IngestTopology.VALID_SINK, IngestTopology.DLQ_SINK);
        final TopologyDescription.Processor processor = subtopology.nodes().stream()
            .filter(TopologyDescription.Processor.class::isInstance).map(TopologyDescription.Processor.class::cast).findFirst()
            .orElseThrow();
        assertThat(processor.stores()).containsExactly(IngestTopology.DEDUP_STORE);
    }
}
