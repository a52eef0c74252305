package io.distill.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.schemas.DistillException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceMainTest {
    private static final String USAGE = CommandLine.usage("distill-test", "Runs a test.", "test.*");

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    /** A service that stops at once, in the given final state, recording what was done to it. */
    private static final class FakeService implements StreamsService {
        private final KafkaStreams.State end;
        private final RuntimeException onStart;
        private final List<String> calls = new ArrayList<>();
        private KafkaStreams.State state = KafkaStreams.State.CREATED;

        FakeService(final KafkaStreams.State end, final RuntimeException onStart) {
            this.end = end;
            this.onStart = onStart;
        }

        @Override
        public void start() {
            calls.add("start");
            if (onStart != null) {
                throw onStart;
            }
            state = end;
        }

        @Override
        public KafkaStreams.State state() {
            return state;
        }

        @Override
        public boolean awaitTermination(final Duration timeout) {
            calls.add("await");
            return true;
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    private int run(final Function<Map<String, String>, ? extends StreamsService> factory, final String... args) {
        try (PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
             PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8)) {
            return ServiceMain.run(args, Map.of("DISTILL_TEST_X", "env"), out, err, USAGE, "test", factory);
        }
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badArgumentsPrintTheUsageAndExitWith2() {
        assertThat(run(settings -> new FakeService(KafkaStreams.State.NOT_RUNNING, null), "--bogus")).isEqualTo(ServiceMain.EXIT_USAGE);
        assertThat(err()).startsWith("error: unknown argument '--bogus'").contains("Usage: distill-test");
    }

    @Test
    void helpPrintsTheUsageAndBuildsNothing() {
        assertThat(run(settings -> {
            throw new AssertionError("must not be built");
        }, "--help")).isZero();
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("Usage: distill-test");
    }

    @Test
    void theServiceIsBuiltFromTheSettingsStartedAwaitedAndClosed() {
        final List<Map<String, String>> seen = new ArrayList<>();
        final FakeService service = new FakeService(KafkaStreams.State.NOT_RUNNING, null);
        assertThat(run(settings -> {
            seen.add(settings);
            return service;
        }, "--set", "test.y=set")).isEqualTo(ServiceMain.EXIT_OK);
        assertThat(seen).containsExactly(Map.of("test.x", "env", "test.y", "set"));
        assertThat(service.calls).containsExactly("start", "await", "close");
    }

    @Test
    void aServiceThatEndsInErrorExitsWith1() {
        final FakeService service = new FakeService(KafkaStreams.State.ERROR, null);
        assertThat(run(settings -> service)).isEqualTo(ServiceMain.EXIT_FAILED);
        assertThat(service.calls).endsWith("close");
    }

    @Test
    void aFailedStartExitsWith1AndClosesTheService() {
        final FakeService service = new FakeService(KafkaStreams.State.NOT_RUNNING, new DistillException("topic(s) [x] do not exist"));
        assertThat(run(settings -> service)).isEqualTo(ServiceMain.EXIT_FAILED);
        assertThat(err()).contains("topic(s) [x] do not exist");
        assertThat(service.calls).containsExactly("start", "close");
    }

    @Test
    void anInvalidConfigurationExitsWith1NamingTheKey(@TempDir final Path dir) {
        assertThat(run(settings -> {
            throw new ConfigException("test.y", "bad", "must be good");
        })).isEqualTo(ServiceMain.EXIT_FAILED);
        assertThat(err()).startsWith("error: invalid configuration:").contains("test.y");
        errBytes.reset();
        assertThat(run(settings -> new FakeService(KafkaStreams.State.NOT_RUNNING, null), "--config",
            dir.resolve("nope.properties").toString())).isEqualTo(ServiceMain.EXIT_FAILED);
        assertThat(err()).contains("nope.properties");
    }
}
