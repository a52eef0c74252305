package io.distill.app.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.avro.Interaction;
import io.distill.datasets.DatasetFormat;
import io.distill.datasets.DatasetOptions;
import io.distill.datasets.Datasets;
import io.distill.datasets.InteractionSource;
import io.distill.datasets.SharedDatasets;
import io.distill.evaluation.EvaluationResult;
import io.distill.evaluation.PrequentialEvaluation;
import io.distill.evaluation.Progress;
import io.distill.schemas.validation.ValidationLimits;
import io.distill.stack.testing.LocalKafkaExtension;
import io.distill.stack.testing.SharedKafka;
import io.distill.student.stream.StudentConfig;
import io.distill.teacher.worker.TeacherConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live pipeline's {@code distill-metrics} and the offline replay agree within 1% relative, on a small
 * real sample (the first 4,000 purchases of UCI Online Retail), with the same settings.
 */
@ExtendWith(LocalKafkaExtension.class)
class LiveOfflineAgreementIT {
    private static final Logger LOG = LoggerFactory.getLogger(LiveOfflineAgreementIT.class);
    private static final int SAMPLE = 4000;

    @Test
    void liveMetricsAgreeWithTheOfflineReplay(final SharedKafka kafka) throws Exception {
        final List<Interaction> events = new ArrayList<>(SAMPLE);
        try (InteractionSource source = Datasets.open(SharedDatasets.onlineRetail(), DatasetFormat.ONLINE_RETAIL,
            DatasetOptions.DEFAULTS)) {
            while (source.hasNext() && events.size() < SAMPLE) {
                events.add(source.next());
            }
        }
        final Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        settings.put("schema.registry.url", kafka.schemaRegistryUrl().toString());
        settings.put("student.metrics.window.events", "500");

        final EvaluationResult offline = new PrequentialEvaluation(new TeacherConfig(settings).teacherSettings(),
            new StudentConfig(settings).settings(), ValidationLimits.DEFAULT, PrequentialEvaluation.DEFAULT_BATCH)
            .run("online-retail-4k", events.iterator(), SAMPLE, Progress.NONE);
        final LiveEvaluation.Result live = LiveEvaluation.run(settings, events, Duration.ofMinutes(4), false, Progress.NONE);

        final List<LiveComparison> rows = LiveComparison.of(live.totals(), offline);
        LOG.info("live vs offline on {} events:\n{}", SAMPLE, LiveComparison.table(rows));
        assertThat(live.recommendations()).isEqualTo(SAMPLE);
        assertThat(live.totals().events()).isEqualTo(SAMPLE);
        for (final LiveComparison row : rows) {
            assertThat(row.liveEvaluated()).as("%s: events ranked", row.model()).isEqualTo(row.offlineEvaluated());
            assertThat(row.hrRelativeDifference()).as("%s: HR@10 live %s vs offline %s", row.model(), row.liveHr(), row.offlineHr())
                .isLessThanOrEqualTo(0.01);
            assertThat(row.ndcgRelativeDifference()).as("%s: NDCG@10 live %s vs offline %s", row.model(), row.liveNdcg(),
                row.offlineNdcg()).isLessThanOrEqualTo(0.01);
        }
    }
}
