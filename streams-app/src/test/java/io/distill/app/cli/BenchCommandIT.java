package io.distill.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distill.app.bench.BenchReport;
import io.distill.app.bench.BenchStage;
import io.distill.stack.testing.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distill bench --external} end to end on the shared test broker with a tiny backlog: it completes, reports every
 * stage and the latency run, writes its files and leaves no topic behind. What the figures are is not checked here:
 * performance is measured by running the benchmark, not asserted by tests.
 */
class BenchCommandIT {

    @Test
    void measuresEveryStageAndCleansUp(@TempDir final Path work) throws Exception {
        final SharedKafka kafka = SharedKafka.get();
        final CliHarness cli = new CliHarness(Map.of(), Clock.systemUTC());
        final Path out = work.resolve("bench");

        final int exit = cli.run("bench", "--external", "--set", "bootstrap.servers=" + kafka.bootstrapServers(),
            "--set", "schema.registry.url=" + kafka.schemaRegistryUrl(), "--events", "300", "--latency-events", "150",
            "--rate", "200", "--out", out.toString());

        assertThat(exit).as("exit code; stderr: %s", cli.err()).isZero();
        for (final BenchStage stage : BenchStage.values()) {
            assertThat(cli.out()).as("row of %s", stage)
                .containsPattern("(?m)^" + stage.label() + " +" + Pattern.quote(stage.path()) + " +[0-9,]+ ");
        }
        assertThat(cli.out()).contains("the full pipeline paced at 200 events/s")
            .containsPattern("recommendation generatedAt - sent +[0-9,]+ ms")
            .containsPattern("received by a read_committed consumer - sent +[0-9,]+ ms");
        final JsonNode json = new ObjectMapper().readTree(Files.readString(out.resolve(BenchReport.JSON)));
        assertThat(json.at("/summary").size()).isEqualTo(BenchStage.values().length);
        assertThat(json.at("/runs").size()).isEqualTo(BenchStage.values().length);
        assertThat(json.at("/latency/0/events").asLong()).isEqualTo(150);
        assertThat(json.at("/latency/0/generatedMillis/count").asLong()).isEqualTo(150);
        assertThat(Files.readString(out.resolve(BenchReport.RUNS_CSV)).lines()).hasSize(1 + BenchStage.values().length);
        assertThat(cli.err()).contains("Deleted the run's");
        try (Admin admin = kafka.newAdmin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).noneMatch(topic -> topic.startsWith("bench-"));
        }
    }
}
