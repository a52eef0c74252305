package io.distill.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
    private static final BenchEnvironment ENVIRONMENT = new BenchEnvironment(Instant.parse("2024-05-01T12:00:00Z"),
        "local stack at 127.0.0.1:40000", 10_000, 500, 1000, 42, 1, "100 (Kafka Streams' exactly-once default)",
        "dimension 32", "item cap 4000", "OpenJDK 64-Bit Server VM 17.0.15", 2, 3.5, 4.25);

    private static Measurement run(final BenchStage stage, final int round, final long millis) {
        return new Measurement(stage, round, 10_000, Duration.ofMillis(millis), Duration.ofMillis(millis / 10), 3.0, 3.5);
    }

    /** Two rounds; the machine is slower in the second, which the per-round ratios cancel. */
    private static BenchReport twoRounds(final List<LatencyMeasurement> latency) {
        return new BenchReport(ENVIRONMENT, List.of(
            run(BenchStage.PASSTHROUGH, 1, 1000), run(BenchStage.INGEST, 1, 2000), run(BenchStage.TEACHER, 1, 8000),
            run(BenchStage.STUDENT, 1, 4000), run(BenchStage.PIPELINE, 1, 10_000),
            run(BenchStage.PASSTHROUGH, 2, 1250), run(BenchStage.INGEST, 2, 2000), run(BenchStage.TEACHER, 2, 10_000),
            run(BenchStage.STUDENT, 2, 5000), run(BenchStage.PIPELINE, 2, 12_500)), latency);
    }

    private static List<LatencyMeasurement> latency() {
        return List.of(new LatencyMeasurement(1, 400, 10_000, 399.5, new Percentiles(10_000, 20, 300, 900),
                new Percentiles(10_000, 120, 500, 1100), 3.0, 3.2),
            new LatencyMeasurement(2, 400, 10_000, 399.0, new Percentiles(10_000, 30, 500, 700),
                new Percentiles(10_000, 130, 700, 1300), 3.2, 3.4));
    }

    @Test
    void aMeasurementIsEventsOverElapsedTime() {
        final Measurement m = run(BenchStage.INGEST, 1, 2000);

        assertThat(m.eventsPerSecond()).isEqualTo(5000.0);
        assertThat(m.microsPerEvent()).isEqualTo(200.0);
    }

    @Test
    void summariesAreMediansAndRatiosAreTakenRoundByRound() {
        final BenchReport report = twoRounds(List.of());

        final StageSummary passThrough = report.summary(BenchStage.PASSTHROUGH).orElseThrow();
        assertThat(passThrough.eventsPerSecond()).isEqualTo(9000.0);
        assertThat(passThrough.ratioToPassThrough()).isEqualTo(1.0);
        final StageSummary ingest = report.summary(BenchStage.INGEST).orElseThrow();
        assertThat(ingest.rounds()).isEqualTo(2);
        assertThat(ingest.eventsPerSecond()).isEqualTo(5000.0);
        assertThat(ingest.minEventsPerSecond()).isEqualTo(5000.0);
        assertThat(ingest.maxEventsPerSecond()).isEqualTo(5000.0);
        assertThat(ingest.microsPerEvent()).isEqualTo(200.0);
        // round 1: 5000 / 10000, round 2: 5000 / 8000; not 5000 / 9000, the ratio of the medians
        assertThat(report.roundRatios(BenchStage.INGEST)).containsExactly(0.5, 0.625);
        assertThat(ingest.ratioToPassThrough()).isEqualTo(0.5625);
        final StageSummary pipeline = report.summary(BenchStage.PIPELINE).orElseThrow();
        assertThat(pipeline.eventsPerSecond()).isEqualTo(900.0);
        assertThat(pipeline.minEventsPerSecond()).isEqualTo(800.0);
        assertThat(pipeline.maxEventsPerSecond()).isEqualTo(1000.0);
        assertThat(pipeline.ratioToPassThrough()).isCloseTo(0.1, within(1e-12));
        assertThat(pipeline.firstOutputSeconds()).isCloseTo(1.125, within(1e-12));
        assertThat(report.summaries()).extracting(StageSummary::stage).containsExactly(BenchStage.values());
    }

    @Test
    void withoutAPassThroughThereIsNoRatio() {
        final BenchReport report = new BenchReport(ENVIRONMENT, List.of(run(BenchStage.INGEST, 1, 2000)), List.of());

        assertThat(report.summary(BenchStage.INGEST).orElseThrow().ratioToPassThrough()).isNaN();
        assertThat(report.render()).containsPattern("ingest +interactions -> interactions-valid +5,000 +5,000\\.\\.5,000 +-");
    }

    @Test
    void theLatencySummaryIsTheMedianOverRuns() {
        final LatencySummary summary = twoRounds(latency()).latencySummary().orElseThrow();

        assertThat(summary.rounds()).isEqualTo(2);
        assertThat(summary.targetRate()).isEqualTo(400.0);
        assertThat(summary.pipelineFraction()).isCloseTo(400.0 / 900.0, within(1e-12));
        assertThat(summary.events()).isEqualTo(10_000);
        assertThat(summary.generatedP50()).isEqualTo(25.0);
        assertThat(summary.generatedP99()).isEqualTo(400.0);
        assertThat(summary.generatedMax()).isEqualTo(800.0);
        assertThat(summary.visibleP50()).isEqualTo(125.0);
        assertThat(summary.visibleP99()).isEqualTo(600.0);
        assertThat(summary.visibleMax()).isEqualTo(1200.0);
        assertThat(twoRounds(List.of()).latencySummary()).isEmpty();
    }

    @Test
    void theTableHasARowPerStageTheRoundsAndTheLatencies() {
        final String text = twoRounds(latency()).render();

        assertThat(text).contains("distill bench, 2024-05-01T12:00:00Z: 10,000 synthetic interactions (500 users, 1,000 items,"
                + " seed 42), 1 partition per topic, 2 rounds")
            .contains("local stack at 127.0.0.1:40000")
            .contains("load average (1 min) 3.50 at the start, 4.25 at the end")
            .containsPattern("pass-through +interactions -> copy \\(no-op Kafka Streams\\) +9,000 +8,000\\.\\.10,000 +1\\.000"
                + " +111\\.1 +0\\.1 s")
            .containsPattern("ingest +interactions -> interactions-valid +5,000 +5,000\\.\\.5,000 +0\\.563 +200\\.0")
            .containsPattern("teacher +interactions-valid -> soft-labels +1,125 +1,000\\.\\.1,250 +0\\.125 +888\\.9")
            .containsPattern("student +soft-labels -> recommendations +2,250 +2,000\\.\\.2,500 +0\\.250 +444\\.4")
            .containsPattern("pipeline +interactions -> recommendations \\(all three\\) +900 +800\\.\\.1,000 +0\\.100 +1,111\\.1")
            .containsPattern("1 +3\\.00 +10,000 +5,000 +1,250 +2,500 +1,000")
            .containsPattern("2 +3\\.00 +8,000 +5,000 +1,000 +2,000 +800")
            .contains("the full pipeline paced at 400 events/s (44% of its measured throughput), 10,000 events per run, median of 2 runs")
            .containsPattern("recommendation generatedAt - sent +25 ms +400 ms +800 ms")
            .containsPattern("received by a read_committed consumer - sent +125 ms +600 ms +1,200 ms");
    }

    @Test
    void oneRoundHasNoPerRoundTable() {
        final BenchReport report = new BenchReport(ENVIRONMENT, List.of(run(BenchStage.PASSTHROUGH, 1, 1000)), List.of());

        assertThat(report.render()).doesNotContain("events/s per round").doesNotContain("latency:");
    }

    @Test
    void csvHasAHeaderAndARowPerMeasurement() {
        final BenchReport report = twoRounds(latency());

        assertThat(report.runsCsv().lines().toList()).hasSize(11)
            .first().isEqualTo("stage,round,events,seconds,events_per_s,us_per_event,first_output_s,ratio_to_passthrough,"
                + "load_before,load_after");
        assertThat(report.runsCsv()).contains("ingest,2,10000,2.0000,5000.0000,200.0000,0.2000,0.6250,3.0000,3.5000\n");
        assertThat(report.summaryCsv().lines().toList()).hasSize(6)
            .contains("ingest,2,5000.0000,5000.0000,5000.0000,0.5625,200.0000,0.2000");
        assertThat(report.latencyCsv().lines().toList()).hasSize(3)
            .contains("1,400.0000,399.5000,10000,20,300,900,120,500,1100,3.0000,3.2000");
    }

    @Test
    void jsonHoldsEverythingAndNullForWhatIsUnknown(@TempDir final Path dir) throws Exception {
        final BenchReport report = new BenchReport(ENVIRONMENT.withLoadAfter(Double.NaN), twoRounds(latency()).measurements(),
            latency());

        final List<Path> files = report.write(dir.resolve("out"));

        assertThat(files).extracting(path -> path.getFileName().toString())
            .containsExactly(BenchReport.JSON, BenchReport.SUMMARY_CSV, BenchReport.RUNS_CSV, BenchReport.LATENCY_CSV);
        final JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("out").resolve(BenchReport.JSON)));
        assertThat(json.at("/environment/loadBefore").asDouble()).isEqualTo(3.5);
        assertThat(json.at("/environment/loadAfter").isNull()).isTrue();
        assertThat(json.at("/summary").size()).isEqualTo(5);
        assertThat(json.at("/summary/1/stage").asText()).isEqualTo("ingest");
        assertThat(json.at("/summary/1/ratioToPassThrough").asDouble()).isEqualTo(0.5625);
        assertThat(json.at("/runs").size()).isEqualTo(10);
        assertThat(json.at("/latency/1/visibleMillis/p99").asLong()).isEqualTo(700);
        assertThat(json.at("/latencySummary/generatedP50Millis").asDouble()).isEqualTo(25.0);
    }

    @Test
    void withoutPacedRunsNoLatencyFileIsWritten(@TempDir final Path dir) throws Exception {
        final List<Path> files = twoRounds(List.of()).write(dir);

        assertThat(files).hasSize(3);
        assertThat(new ObjectMapper().readTree(Files.readString(dir.resolve(BenchReport.JSON))).at("/latencySummary").isNull())
            .isTrue();
    }
}
