package io.distill.app.cli;

import static io.distill.stack.testing.WaitUntil.waitForValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code distill up} in this JVM on free ports: topics, registered subjects, clean stop. */
class UpCommandIT {
    private static final Duration STARTUP = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private static Optional<String> printed(final CliHarness cli, final String label) {
        final Matcher matcher = Pattern.compile("^\\s+" + Pattern.quote(label) + "\\s+(\\S+)$", Pattern.MULTILINE)
            .matcher(cli.out());
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    @Test
    void upCreatesTheTopicsRegistersTheValueSchemasAndStopsOnRequest() throws Exception {
        final CliHarness cli = new CliHarness(Map.of(), Clock.systemUTC());
        // relative, as --dir usually is (./.distill): the broker's child JVM must still find its files
        final String relativeDir = Path.of("").toAbsolutePath().relativize(dir.toAbsolutePath()).toString();
        final CompletableFuture<Integer> up = CompletableFuture.supplyAsync(() -> cli.run("--dir", relativeDir,
            "--set", "local.stack.kafka.port=0", "--set", "local.stack.controller.port=0",
            "--set", "local.stack.registry.port=0", "--set", "topic.partitions=2", "up"));
        try {
            final String bootstrap = waitForValue(STARTUP, "up prints bootstrap.servers", () -> {
                if (up.isDone()) {
                    throw new AssertionError("up ended early (" + up.join() + "): " + cli.err());
                }
                return printed(cli, "bootstrap.servers");
            });
            final String registry = printed(cli, "schema.registry.url").orElseThrow();
            assertThat(cli.out()).contains("distill local stack is up", "Press Ctrl-C to stop.");
            assertThat(printed(cli, "data dir")).contains(dir.toAbsolutePath().normalize().toString());

            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                    Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(),
                    new StringDeserializer())) {
                final var topics = consumer.listTopics(Duration.ofSeconds(30));
                assertThat(topics).containsKeys("interactions", "interactions-dlq", "interactions-valid", "soft-labels",
                    "recommendations", "distill-metrics");
                assertThat(topics.get("recommendations")).hasSize(2);
            }

            final HttpResponse<String> subjects = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registry + "/subjects")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.statusCode()).isEqualTo(200);
            final List<String> names = new ArrayList<>();
            for (final JsonNode subject : new ObjectMapper().readTree(subjects.body())) {
                names.add(subject.asText());
            }
            assertThat(names).contains("interactions-value", "interactions-valid-value", "soft-labels-value",
                "recommendations-value", "distill-metrics-value");
        } finally {
            cli.shutdown().request();
        }
        assertThat(up.get(60, TimeUnit.SECONDS)).as(cli.err()).isZero();
        assertThat(cli.out()).contains("Local stack stopped; data kept in");
    }
}
