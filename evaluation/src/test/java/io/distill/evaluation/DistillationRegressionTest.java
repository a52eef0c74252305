package io.distill.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.avro.Interaction;
import io.distill.datasets.DatasetFormat;
import io.distill.datasets.DatasetOptions;
import io.distill.datasets.Datasets;
import io.distill.datasets.InteractionSource;
import io.distill.datasets.SharedDatasets;
import io.distill.schemas.validation.ValidationLimits;
import io.distill.student.StudentSettings;
import io.distill.teacher.TeacherSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pins the point of the product on a fixed real sample: with the shipped defaults (fixed seeds, so the run is
 * deterministic), the first {@value #SAMPLE} purchases of UCI Online Retail, the distilled student ranks better than
 * the same student trained on hard labels only, and stays close to its teacher. A change of model code or defaults that
 * makes distillation stop paying fails here, long before anyone runs the full evaluation.
 */
class DistillationRegressionTest {
    private static final Logger LOG = LoggerFactory.getLogger(DistillationRegressionTest.class);
    private static final int SAMPLE = 60_000;

    @Test
    void theDistilledStudentBeatsTheHardOnlyStudentOfTheSameSize() {
        final List<Interaction> events = new ArrayList<>(SAMPLE);
        try (InteractionSource source = Datasets.open(SharedDatasets.onlineRetail(), DatasetFormat.ONLINE_RETAIL,
            DatasetOptions.DEFAULTS)) {
            while (source.hasNext() && events.size() < SAMPLE) {
                events.add(source.next());
            }
        }
        final EvaluationResult result = new PrequentialEvaluation(TeacherSettings.DEFAULT, StudentSettings.DEFAULT,
            ValidationLimits.DEFAULT, PrequentialEvaluation.DEFAULT_BATCH).run("online-retail-60k", events.iterator(), SAMPLE,
            Progress.NONE);
        LOG.info("distillation regression sample:\n{}", EvaluationReport.table(result));

        final double teacher = result.row(EvaluationResult.TEACHER).quality().ndcg();
        final double distilled = result.row(EvaluationResult.DISTILLED).quality().ndcg();
        final double hardOnly = result.row(EvaluationResult.HARD_ONLY).quality().ndcg();
        final double popularity = result.row(EvaluationResult.POPULARITY).quality().ndcg();
        assertThat(result.row(EvaluationResult.DISTILLED).parameters())
            .isEqualTo(result.row(EvaluationResult.HARD_ONLY).parameters());
        assertThat(distilled).as("distilled NDCG@10 vs hard-only %.4f", hardOnly).isGreaterThan(hardOnly);
        assertThat(distilled).as("distilled NDCG@10 vs 0.9 x teacher %.4f", teacher).isGreaterThanOrEqualTo(0.9 * teacher);
        assertThat(distilled).as("distilled NDCG@10 vs 3 x popularity %.4f", popularity).isGreaterThan(3 * popularity);
    }
}
