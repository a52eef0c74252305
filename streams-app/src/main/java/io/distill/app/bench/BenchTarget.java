package io.distill.app.bench;

import io.distill.app.http.ComponentHealth;
import io.distill.app.pipeline.Pipeline;
import io.distill.runtime.StreamsRunner;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/** What one measurement starts, watches and stops: distill's services, or the no-op pass-through. */
interface BenchTarget extends AutoCloseable {

    /** Starts processing; returns once the service(s) are starting. */
    void start();

    /** Why a service stopped on its own, if one did. */
    Optional<String> failure();

    /** Whether every service is up and processing (not starting, rebalancing or restoring). */
    boolean running();

    /** Stops everything (open transactions finished). Idempotent. */
    @Override
    void close();

    /** Services of a {@link Pipeline}, built (settings checked) but not started. */
    static BenchTarget of(final Pipeline pipeline) {
        return new BenchTarget() {
            @Override
            public void start() {
                pipeline.start();
            }

            @Override
            public Optional<String> failure() {
                return pipeline.failure();
            }

            @Override
            public boolean running() {
                return pipeline.health().values().stream().allMatch(BenchTarget::isRunning);
            }

            @Override
            public void close() {
                pipeline.close();
            }
        };
    }

    /** A Kafka Streams runner that runs {@code topology} once started; {@code topics} must exist. */
    static BenchTarget of(final StreamsRunner runner, final Topology topology, final List<String> topics) {
        return new BenchTarget() {
            @Override
            public void start() {
                runner.start(topology, topics);
            }

            private volatile boolean closed;

            @Override
            public Optional<String> failure() {
                // before close, any state on the way out means it stopped on its own
                final KafkaStreams.State state = runner.state();
                final boolean stopped = state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                    || state == KafkaStreams.State.PENDING_SHUTDOWN || state == KafkaStreams.State.NOT_RUNNING;
                return stopped && !closed ? Optional.of("Kafka Streams of " + runner.applicationId() + " stopped (state " + state
                    + "; the log says why)") : Optional.empty();
            }

            @Override
            public boolean running() {
                return runner.state() == KafkaStreams.State.RUNNING;
            }

            @Override
            public void close() {
                closed = true;
                runner.close();
            }
        };
    }

    private static boolean isRunning(final ComponentHealth health) {
        // Kafka Streams and the teacher worker both call their working state RUNNING
        return health.up() && "RUNNING".equals(health.state());
    }
}
