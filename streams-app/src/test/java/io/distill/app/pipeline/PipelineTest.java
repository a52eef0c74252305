package io.distill.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.runtime.metrics.MetricsRegistration;
import io.distill.runtime.metrics.PrometheusRegistry;
import io.distill.teacher.worker.TeacherConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** What a pipeline does before anything connects: building, checking settings, health and metrics of services not started. */
class PipelineTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final Map<String, String> SETTINGS = Map.of("bootstrap.servers", "127.0.0.1:1",
        "schema.registry.url", "http://127.0.0.1:1", TeacherConfig.TRANSACTIONAL_ID, "pipeline-test-teacher-0");

    @Test
    void servicesAreBuiltInPipelineOrderAndReportBeingDownBeforeTheyStart() {
        try (Pipeline pipeline = Pipeline.create(SETTINGS, CLOCK, List.of(Pipeline.Role.STUDENT, Pipeline.Role.INGEST,
                 Pipeline.Role.TEACHER), new PrometheusRegistry())) {
            assertThat(pipeline.services()).extracting(PipelineService::name).containsExactly("ingest", "teacher", "student");
            assertThat(pipeline.edge()).isEmpty();
            assertThat(pipeline.service(Pipeline.Role.EDGE)).isEmpty();
            assertThat(pipeline.health()).containsOnlyKeys("ingest", "teacher", "student");
            assertThat(pipeline.health().values()).noneMatch(health -> health.up());
            assertThat(pipeline.failure()).as("not started is not failed").isEmpty();
        }
    }

    @Test
    void aBadSettingFailsNamingItsKeyBeforeAnythingStarts() {
        final Map<String, String> bad = Map.of("bootstrap.servers", "127.0.0.1:1", "schema.registry.url", "http://127.0.0.1:1",
            "teacher.lambda", "-1");

        assertThatThrownBy(() -> Pipeline.create(bad, CLOCK, EnumSet.allOf(Pipeline.Role.class), new PrometheusRegistry()))
            .isInstanceOf(ConfigException.class).hasMessageContaining("teacher.lambda");
        assertThatThrownBy(() -> Pipeline.create(SETTINGS, CLOCK, List.of(), new PrometheusRegistry()))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTeachersMetricsAreItsMxBeanGettersAndState() {
        final PrometheusRegistry registry = new PrometheusRegistry();
        try (Pipeline pipeline = Pipeline.create(SETTINGS, CLOCK, List.of(Pipeline.Role.TEACHER), registry)) {
            final PipelineService teacher = pipeline.service(Pipeline.Role.TEACHER).orElseThrow();
            try (MetricsRegistration registration = teacher.registerMetrics(registry)) {
                final String scrape = registry.scrape();

                assertThat(scrape).contains("distill_teacher_events_labelled_total 0")
                    .contains("distill_teacher_state{state=\"CREATED\"} 1")
                    .contains("distill_teacher_state{state=\"RUNNING\"} 0")
                    .contains("# TYPE distill_teacher_model_items gauge")
                    .contains("distill_teacher_model_info{version=");
            }
            assertThat(registry.scrape()).doesNotContain("distill_teacher");
            assertThat(teacher.health().up()).isFalse();
        }
    }
}
