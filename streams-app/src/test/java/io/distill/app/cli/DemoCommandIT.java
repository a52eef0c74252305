package io.distill.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.stack.testing.WaitUntil;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distill demo} end to end in this JVM, on free ports in a temporary data directory: a local stack of its own,
 * the four services, the synthetic world with bad records, the summary; then a second run in the same directory,
 * which continues the world and stays up with {@code --keep-running} until asked to stop.
 */
class DemoCommandIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern EDGE = Pattern.compile("recommendations +(http://127\\.0\\.0\\.1:\\d+)/users/");

    private static String[] args(final Path dir, final String... more) {
        final List<String> args = new ArrayList<>(List.of("demo", "--dir", dir.toString(), "--events", "3000",
            "--bad-events-per-1000", "4", "--refresh", "2s", "--samples", "2",
            "--set", "local.stack.kafka.port=0", "--set", "local.stack.controller.port=0",
            "--set", "local.stack.registry.port=0", "--set", "edge.http.port=0"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aRunGoesAllTheWayThroughAndTheNextContinuesTheWorld(@TempDir final Path work) throws Exception {
        final Path dir = work.resolve(".distill");
        final CliHarness first = new CliHarness(Map.of(), Clock.systemUTC());

        assertThat(first.run(args(dir))).as("exit code; stderr: %s", first.err()).isZero();

        assertThat(first.out()).contains("distill demo: summary of run 1 (data in " + dir + ")")
            .contains("synthetic-42, events 0..2,999")
            .contains("all 3,000 valid events went through")
            .containsPattern("interactions-dlq +12   every bad record")
            .containsPattern("soft-labels +3,000   one per valid event \\(0 duplicates\\)")
            .containsPattern("recommendations +3,000   one per valid event \\(0 duplicates\\)")
            .containsPattern("BAD_MAGIC_BYTE +3").containsPattern("DUPLICATE_EVENT +3")
            .containsPattern("MISSING_USER_ID +3").containsPattern("UNKNOWN_TYPE +3")
            .contains("Prequential quality").contains("Recommendations served by the edge")
            .containsPattern("\\$ curl -s 'http://127\\.0\\.0\\.1:\\d+/users/u\\d+/recommendations\\?n=5'")
            .containsPattern("\\{\"userId\":\"u\\d+\",\"items\":\\[\\{\"itemId\":\"i\\d+\"")
            .contains("was planted to prefer group");
        assertThat(first.err()).contains("Starting the local stack in " + dir).contains("Stopping the services");
        assertThat(Files.readString(dir.resolve("demo").resolve("progress.properties")))
            .contains("published.synthetic-42=3000").contains("runs=1");

        final CliHarness second = new CliHarness(Map.of(), Clock.systemUTC());
        final ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            final Future<Integer> exit = thread.submit(() -> second.run(args(dir, "--keep-running")));
            final String edge = WaitUntil.waitForValue(TIMEOUT, "the second run keeps running", () -> {
                assertThat(exit.isDone()).as("the second run ended early: %s", second.err()).isFalse();
                final Matcher matcher = EDGE.matcher(second.out());
                return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
            });
            assertThat(second.out()).contains("summary of run 2").contains("synthetic-42, events 3,000..5,999")
                .contains("all 3,000 valid events went through").contains("Everything keeps running");
            final HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(edge + "/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"ingest\":{\"status\":\"UP\"").contains("\"teacher\":{\"status\":\"UP\"")
                .contains("\"student\":{\"status\":\"UP\"");

            second.shutdown().request();
            assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
        } finally {
            second.shutdown().request();
            thread.shutdown();
            thread.awaitTermination(60, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(dir.resolve("demo").resolve("progress.properties")))
            .contains("published.synthetic-42=6000").contains("runs=2");
    }
}
