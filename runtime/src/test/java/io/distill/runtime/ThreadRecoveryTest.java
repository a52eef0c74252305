package io.distill.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.runtime.ThreadRecovery.Kind;
import io.distill.schemas.registry.SchemaRegistryUnavailableException;
import io.distill.schemas.serde.WireFormatException;
import io.distill.schemas.serde.WireFormatException.Reason;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadRecoveryTest {
    private static final StreamThreadExceptionResponse REPLACE = StreamThreadExceptionResponse.REPLACE_THREAD;
    private static final StreamThreadExceptionResponse SHUTDOWN = StreamThreadExceptionResponse.SHUTDOWN_CLIENT;

    /** What the producer reports when sends expired during a broker outage inside an open transaction. */
    private static StreamsException expiredTransaction() {
        return new StreamsException("Error encountered trying to commit a transaction for task 0_0",
            new KafkaException("The client hasn't received acknowledgment for some previously sent messages and can no longer"
                + " retry them. It is safe to abort the transaction and continue."));
    }

    @Test
    void errorsAreClassifiedByTheirRetriableCausesThenTheirRootCause() {
        final WireFormatException unavailable = new WireFormatException(Reason.REGISTRY_UNAVAILABLE, "soft-labels", 3, "down",
            new SchemaRegistryUnavailableException("http://127.0.0.1:1", "unreachable", null));
        assertThat(ThreadRecovery.classify(new StreamsException("task 0_0 failed", unavailable))).isEqualTo(Kind.TRANSIENT);
        assertThat(ThreadRecovery.classify(new StreamsException(new TimeoutException("broker")))).isEqualTo(Kind.TRANSIENT);
        assertThat(ThreadRecovery.classify(new IllegalStateException("x", new TimeoutException("deep")))).isEqualTo(Kind.TRANSIENT);

        assertThat(ThreadRecovery.classify(expiredTransaction())).isEqualTo(Kind.ABORTABLE);
        assertThat(ThreadRecovery.classify(new StreamsException("no cause"))).isEqualTo(Kind.ABORTABLE);

        assertThat(ThreadRecovery.classify(new StreamsException("bug", new IllegalStateException("x")))).isEqualTo(Kind.FATAL);
        assertThat(ThreadRecovery.classify(new NullPointerException())).isEqualTo(Kind.FATAL);
        assertThat(ThreadRecovery.classify(new StreamsException(new WireFormatException(Reason.MALFORMED_AVRO, "t", 1, "bad",
            null)))).isEqualTo(Kind.FATAL);
        assertThat(ThreadRecovery.classify(new StreamsException(new TopicAuthorizationException("denied"))))
            .isEqualTo(Kind.FATAL);
        assertThat(ThreadRecovery.classify(new StreamsException(new ConfigException("k", "v", "bad")))).isEqualTo(Kind.FATAL);
    }

    @Test
    void transientErrorsAlwaysReplaceTheThreadAndBugsNeverDo() {
        final ThreadRecovery recovery = new ThreadRecovery("test", Map.of(ThreadRecovery.REPLACEMENTS, "0"));
        for (int i = 0; i < 20; i++) {
            assertThat(recovery.onThreadDeath(new StreamsException(new TimeoutException("broker")))).isEqualTo(REPLACE);
        }
        assertThat(recovery.onThreadDeath(new StreamsException("bug", new ArithmeticException("/ by zero")))).isEqualTo(SHUTDOWN);
    }

    /** A budget of {@code replacements} per minute on the clock {@code now}. */
    private static ThreadRecovery perMinute(final int replacements, final AtomicLong now) {
        return new ThreadRecovery("test", Map.of(ThreadRecovery.REPLACEMENTS, Integer.toString(replacements),
            ThreadRecovery.WINDOW_MS, "60000"), now::get);
    }

    @Test
    void abortableErrorsReplaceTheThreadUpToTheBudgetWithinTheWindow() {
        final AtomicLong now = new AtomicLong();
        final ThreadRecovery recovery = perMinute(3, now);
        for (int i = 0; i < 3; i++) {
            assertThat(recovery.onThreadDeath(expiredTransaction())).as("failure %d", i + 1).isEqualTo(REPLACE);
            now.addAndGet(Duration.ofSeconds(10).toNanos());
        }
        assertThat(recovery.onThreadDeath(expiredTransaction())).as("4th within a minute").isEqualTo(SHUTDOWN);
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        final AtomicLong now = new AtomicLong();
        final ThreadRecovery recovery = perMinute(2, now);
        for (int i = 0; i < 10; i++) {
            assertThat(recovery.onThreadDeath(expiredTransaction())).as("failure %d, 40 s apart", i + 1).isEqualTo(REPLACE);
            now.addAndGet(Duration.ofSeconds(40).toNanos());
        }
    }

    @Test
    void theDefaultsAllowFiveReplacementsInTenMinutes() {
        final AtomicLong now = new AtomicLong();
        final ThreadRecovery recovery = new ThreadRecovery("test", Map.of(), now::get);
        for (int i = 0; i < 5; i++) {
            assertThat(recovery.onThreadDeath(expiredTransaction())).isEqualTo(REPLACE);
        }
        assertThat(recovery.onThreadDeath(expiredTransaction())).isEqualTo(SHUTDOWN);
        now.addAndGet(Duration.ofMinutes(10).toNanos());
        assertThat(recovery.onThreadDeath(expiredTransaction())).isEqualTo(REPLACE);
    }

    @Test
    void aBadSettingFailsNamingItsKey() {
        assertThatThrownBy(() -> new ThreadRecovery("test", Map.of(ThreadRecovery.REPLACEMENTS, "many")))
            .isInstanceOf(ConfigException.class).hasMessageContaining(ThreadRecovery.REPLACEMENTS);
        assertThatThrownBy(() -> new ThreadRecovery("test", Map.of(ThreadRecovery.WINDOW_MS, "0")))
            .isInstanceOf(ConfigException.class).hasMessageContaining(ThreadRecovery.WINDOW_MS);
    }
}
