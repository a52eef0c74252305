package io.distill.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.app.topics.DistillTopics;
import io.distill.schemas.topics.TopicNames;
import io.distill.stack.testing.LocalKafkaExtension;
import io.distill.stack.testing.SharedKafka;
import io.distill.stack.testing.WaitUntil;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distill ingest|teacher|student|edge} against the shared broker: each runs its service in the foreground, serves
 * its Prometheus metrics, and stops cleanly (exit 0) when asked to; a service that cannot start is exit 1.
 */
@ExtendWith(LocalKafkaExtension.class)
class ServiceCommandsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)/(metrics|health)");
    private final HttpClient http = HttpClient.newHttpClient();

    /** One command running on a thread of its own. */
    private record Running(String name, CliHarness cli, Future<Integer> exit) {
    }

    @Test
    void eachServiceRunsInTheForegroundServesItsMetricsAndStopsOnRequest(final SharedKafka kafka, @TempDir final Path state)
        throws Exception {
        final String prefix = kafka.uniqueTopic("commands-it");
        final TopicNames names = new TopicNames(prefix + "-interactions", prefix + "-dlq", prefix + "-valid", prefix + "-labels",
            prefix + "-recommendations", prefix + "-metrics", 1, (short) 1);
        kafka.createTopics(DistillTopics.specs(names));
        final List<String> common = List.of("--set", "bootstrap.servers=" + kafka.bootstrapServers(),
            "--set", "schema.registry.url=" + kafka.schemaRegistryUrl(),
            "--set", TopicNames.INTERACTIONS + "=" + names.interactions(), "--set", TopicNames.INTERACTIONS_DLQ + "=" + names.interactionsDlq(),
            "--set", TopicNames.INTERACTIONS_VALID + "=" + names.interactionsValid(), "--set", TopicNames.SOFT_LABELS + "=" + names.softLabels(),
            "--set", TopicNames.RECOMMENDATIONS + "=" + names.recommendations(), "--set", TopicNames.METRICS + "=" + names.metrics(),
            "--set", "ingest.application.id=" + prefix + "-ingest", "--set", "teacher.group.id=" + prefix + "-teacher",
            "--set", "teacher.transactional.id=" + prefix + "-teacher-0", "--set", "student.application.id=" + prefix + "-student",
            "--set", "edge.application.id=" + prefix + "-edge", "--set", "edge.http.port=0", "--set", "metrics.port=0",
            "--set", "state.dir=" + state);

        final ExecutorService threads = Executors.newFixedThreadPool(4);
        final List<Running> running = new ArrayList<>();
        try {
            for (final String service : List.of("ingest", "teacher", "student", "edge")) {
                final CliHarness cli = new CliHarness();
                final List<String> args = new ArrayList<>(List.of(service));
                args.addAll(common);
                running.add(new Running(service, cli, threads.submit(() -> cli.run(args.toArray(String[]::new)))));
            }
            final String ingest = scrapeWhen(running.get(0), "kafka_distill_ingest_metrics_accepted_total");
            assertThat(ingest).contains("kafka_distill_ingest_metrics_rejected_total{").contains("jvm_memory_used_bytes");
            final String teacher = scrapeWhen(running.get(1), "distill_teacher_state{state=\"RUNNING\"} 1");
            assertThat(teacher).contains("distill_teacher_events_labelled_total 0")
                .containsPattern("kafka_consumer_metrics_\\w+\\{client_id=\"" + prefix + "-teacher-0-consumer\"")
                .containsPattern("kafka_producer_metrics_\\w+\\{client_id=\"" + prefix + "-teacher-0-producer\"");
            assertThat(scrapeWhen(running.get(2), "kafka_stream_thread_metrics_process_total"))
                .contains("kafka_stream_state_updater_metrics");
            final Running edge = running.get(3);
            WaitUntil.waitUntil(TIMEOUT, "the edge is healthy", () -> get(url(edge, "health") + "/health")
                .filter(body -> body.contains("\"status\":\"UP\"")).isPresent());
            assertThat(get(url(edge, "metrics") + "/metrics")).get().asString().contains("distill_edge_requests_total");

            for (final Running command : running) {
                assertThat(command.exit().isDone()).as(command.name() + " still running").isFalse();
                command.cli().shutdown().request();
            }
            for (final Running command : running) {
                assertThat(command.exit().get(60, TimeUnit.SECONDS)).as(command.name() + " exit code; stderr: " + command.cli().err())
                    .isZero();
                assertThat(command.cli().out()).contains("distill " + command.name() + ": running against " + kafka.bootstrapServers())
                    .contains("distill " + command.name() + ": stopped");
            }
        } finally {
            running.forEach(command -> command.cli().shutdown().request());
            threads.shutdown();
            threads.awaitTermination(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aServiceThatCannotStartIsAFailureNamingWhy(final SharedKafka kafka) {
        final CliHarness cli = new CliHarness();

        final int exit = cli.run("ingest", "--set", "bootstrap.servers=" + kafka.bootstrapServers(),
            "--set", "schema.registry.url=" + kafka.schemaRegistryUrl(), "--set", "metrics.port=0",
            "--set", TopicNames.INTERACTIONS + "=" + kafka.uniqueTopic("commands-it-missing"));

        assertThat(exit).isOne();
        assertThat(cli.err()).contains("distill ingest:").contains("commands-it-missing").contains("do not exist");
    }

    /** Scrapes the command's metrics until they contain {@code expected}; returns that scrape. */
    private String scrapeWhen(final Running command, final String expected) {
        return WaitUntil.waitForValue(TIMEOUT, command.name() + "'s metrics show " + expected, () -> {
            assertThat(command.exit().isDone()).as(command.name() + " stopped early: " + command.cli().err()).isFalse();
            return get(url(command, "metrics") + "/metrics").filter(body -> body.contains(expected));
        });
    }

    /** The base URL the command printed for {@code path}. */
    private static String url(final Running command, final String path) {
        return WaitUntil.waitForValue(TIMEOUT, command.name() + " prints its " + path + " address", () -> {
            final Matcher matcher = URL.matcher(command.cli().out());
            while (matcher.find()) {
                if (matcher.group(2).equals(path)) {
                    return Optional.of(matcher.group(1));
                }
            }
            return Optional.empty();
        });
    }

    private Optional<String> get(final String url) {
        try {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (final IOException e) {
            return Optional.empty();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
