package io.distill.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class PassThroughTest {
    private static final Instant TIME = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void copiesEveryRecordUntouched() {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pass-through-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(PassThrough.topology("in", "out"), props, TIME)) {
            final TestInputTopic<byte[], byte[]> in = driver.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer());
            final TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic("out", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
            final RecordHeaders headers = new RecordHeaders();
            headers.add("h", "v".getBytes(StandardCharsets.UTF_8));
            // not Avro: the pass-through never looks inside
            final byte[] value = {0, 0, 0, 0, 7, (byte) 0xff};
            in.pipeInput(new TestRecord<>(bytes("u1"), value, headers, TIME.plusSeconds(5)));
            in.pipeInput(new TestRecord<>(bytes("u2"), null, new RecordHeaders(), TIME.plusSeconds(6)));

            final List<TestRecord<byte[], byte[]>> copied = out.readRecordsToList();

            assertThat(copied).hasSize(2);
            assertThat(copied.get(0).key()).isEqualTo(bytes("u1"));
            assertThat(copied.get(0).value()).isEqualTo(value);
            assertThat(copied.get(0).headers().lastHeader("h").value()).isEqualTo(bytes("v"));
            assertThat(copied.get(0).getRecordTime()).isEqualTo(TIME.plusSeconds(5));
            assertThat(copied.get(1).key()).isEqualTo(bytes("u2"));
            assertThat(copied.get(1).value()).isNull();
        }
    }

    @Test
    void isOneSourceAndOneSinkWithStableNames() {
        final TopologyDescription description = PassThrough.topology("in", "out").describe();

        assertThat(description.subtopologies()).hasSize(1);
        assertThat(description.subtopologies().iterator().next().nodes()).extracting(TopologyDescription.Node::name)
            .containsExactlyInAnyOrder(PassThrough.SOURCE, PassThrough.SINK);
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
