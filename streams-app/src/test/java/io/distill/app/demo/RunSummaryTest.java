package io.distill.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.app.http.ComponentHealth;
import io.distill.avro.DistillMetrics;
import io.distill.schemas.topics.TopicNames;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSummaryTest {
    private static RunSummary summary(final RunSummary.Outcome outcome, final List<DistillMetrics> windows,
                                      final List<RunSummary.Sample> samples) {
        final PipelineSnapshot snapshot = new PipelineSnapshot(50_050, 50_000, 50_000, 50,
            Map.of("UNKNOWN_TYPE", 12L, "BAD_MAGIC_BYTE", 13L, "DUPLICATE_EVENT", 12L, "MISSING_USER_ID", 13L), 50_000, 50_000,
            50_000, 50_000, 50_000, 0, 0, 500, windows, 0, 1);
        return new RunSummary(2, Path.of("/data/.distill"), "synthetic-42, events 50,000..99,999", outcome, 50_000,
            Map.of(BadEvents.Kind.NOT_AVRO, 13L, BadEvents.Kind.MISSING_USER_ID, 13L, BadEvents.Kind.UNKNOWN_TYPE, 12L,
                BadEvents.Kind.DUPLICATE, 12L), snapshot, TopicNames.DEFAULT,
            new RunSummary.Timings(Duration.ofMillis(7_900), Duration.ofMillis(1_300), Duration.ofMillis(2_000),
                Duration.ofSeconds(25), Duration.ofSeconds(40)), samples);
    }

    @Test
    void theSummaryShowsCountsReasonsQualityTimingAndSamples() {
        final List<DistillMetrics> windows = List.of(LiveTableTest.window(0, 10), LiveTableTest.window(1, 30));
        final EdgeSample sample = new EdgeSample("u7", URI.create("http://127.0.0.1:8080/users/u7/recommendations?n=5"), 200,
            "{\"userId\":\"u7\"}");

        final String text = summary(RunSummary.Outcome.COMPLETE, windows, List.of(new RunSummary.Sample(sample, "u7 likes 3"))).render();

        assertThat(text).contains("distill demo: summary of run 2 (data in /data/.distill)")
            .contains("all 50,000 valid events went through")
            .containsPattern("interactions +50,050   50,000 events \\+ 50 deliberately bad")
            .containsPattern("interactions-valid +50,000   every event of the source")
            .containsPattern("interactions-dlq +50   every bad record")
            .containsPattern("soft-labels +50,000   one per valid event \\(0 duplicates\\)")
            .containsPattern("recommendations +50,000   one per valid event \\(0 duplicates\\), 500 users")
            .containsPattern("distill-metrics +2   windows of the student, 1,000 events")
            .containsPattern("  student +0.200   0.100 +0.100   0.050 +0.300   0.150")
            .containsPattern("  teacher +0.400   0.200")
            .containsPattern("  popularity +0.050   0.020")
            .contains("student HR@10 = 4.0 x popularity")
            .containsPattern("publish +2.0 s   25,025 records/s")
            .containsPattern("end to end +25.0 s   2,000 events/s")
            .contains("  $ curl -s 'http://127.0.0.1:8080/users/u7/recommendations?n=5'")
            .contains("  {\"userId\":\"u7\"}")
            .contains("  # u7 likes 3");
        // reasons sorted by name
        assertThat(text.indexOf("BAD_MAGIC_BYTE")).isLessThan(text.indexOf("DUPLICATE_EVENT"));
        assertThat(text.indexOf("MISSING_USER_ID")).isLessThan(text.indexOf("UNKNOWN_TYPE"));
        assertThat(text.lines()).noneMatch(line -> line.endsWith(" "));
    }

    @Test
    void withoutWindowsOrSamplesThoseSectionsSaySoOrAreLeftOut() {
        final String text = summary(RunSummary.Outcome.TIMED_OUT, List.of(), List.of()).render();

        assertThat(text).contains("timed out").contains("no distill-metrics window was completed this run")
            .doesNotContain("Recommendations served by the edge");
    }

    @Test
    void aStalledRunSaysWhatIsMissingStageByStage() {
        final PipelineSnapshot snapshot = new PipelineSnapshot(1_010, 900, 900, 5, Map.of(), 700, 650, 700, 650, 650, 0, 0, 90,
            List.of(), 0, 1);
        final Map<String, ComponentHealth> health = new LinkedHashMap<>();
        health.put("ingest", ComponentHealth.up("RUNNING"));
        health.put("teacher", ComponentHealth.down("FAILED", "the teacher failed: boom"));

        final String text = RunSummary.missing(1_010, snapshot, List.of("e1", "e2"), List.of("e3"), health, TopicNames.DEFAULT);

        assertThat(text).contains("What is missing")
            .contains("  ingest: 105 of 1,010 published records are in neither interactions-valid nor interactions-dlq")
            .contains("  teacher: 200 valid events have no soft label, e.g. e1, e2")
            .contains("  student: 250 valid events have no recommendation, e.g. e3")
            .contains("  services: ingest RUNNING, teacher FAILED (the teacher failed: boom)");
    }
}
