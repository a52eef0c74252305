package io.distill.app.bench;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The baseline of {@code distill bench}: a Kafka Streams topology that copies every record of one topic to another,
 * bytes in and bytes out (key, value, headers and timestamp untouched), with no deserialisation, state or logic. Run
 * under the same settings as distill's services (exactly-once v2, the same commit interval and client settings), it
 * is what Kafka Streams itself costs on this broker, the floor under every stage.
 */
public final class PassThrough {
    /** Names of the topology's two processors. */
    static final String SOURCE = "pass-through-source";
    static final String SINK = "pass-through-sink";

    private PassThrough() {
    }

    /** {@code input} → {@code output}, unchanged. */
    public static Topology topology(final String input, final String output) {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(SOURCE))
            .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(SINK));
        return builder.build();
    }
}
