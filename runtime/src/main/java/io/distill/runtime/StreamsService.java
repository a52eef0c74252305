package io.distill.runtime;

import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A distill service that runs a Kafka Streams topology (through a {@link StreamsRunner}), as
 * {@link ServiceMain} runs it: built from the settings, started once, awaited, closed.
 */
public interface StreamsService extends AutoCloseable {

    /** Starts processing; returns once Kafka Streams is starting. */
    void start();

    /** The Kafka Streams state; {@code CREATED} before {@link #start()}. */
    KafkaStreams.State state();

    /**
     * Waits until processing has stopped (closed, or shut down by an error).
     *
     * @return false if it is still running after {@code timeout}
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /** Stops processing and releases what the service holds. Idempotent. */
    @Override
    void close();
}
