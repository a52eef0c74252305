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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation end to end on a small real sample: the first 20,000 purchases of UCI Online Retail. */
class PrequentialEvaluationTest {
    private static final int SAMPLE = 20_000;
    private static EvaluationResult result;

    @BeforeAll
    static void evaluateOnce() {
        final List<Interaction> events = new ArrayList<>(SAMPLE);
        try (InteractionSource source = Datasets.open(SharedDatasets.onlineRetail(), DatasetFormat.ONLINE_RETAIL,
            DatasetOptions.DEFAULTS)) {
            while (source.hasNext() && events.size() < SAMPLE) {
                events.add(source.next());
            }
        }
        final TeacherSettings teacher = TeacherSettings.DEFAULT;
        final StudentSettings student = StudentSettings.DEFAULT;
        result = new PrequentialEvaluation(teacher, student, ValidationLimits.DEFAULT, PrequentialEvaluation.DEFAULT_BATCH)
            .run("online-retail-20k", events.iterator(), SAMPLE, Progress.NONE);
    }

    @Test
    void evaluatesEveryNewUserItemPairForAllFourModels() {
        assertThat(result.read()).isEqualTo(SAMPLE);
        assertThat(result.labelled()).isEqualTo(SAMPLE);
        assertThat(result.rows()).extracting(ModelRow::model).containsExactly(EvaluationResult.TEACHER, EvaluationResult.DISTILLED,
            EvaluationResult.HARD_ONLY, EvaluationResult.POPULARITY);
        // the same events are judged for every model: those whose item is new to the user
        final long evaluated = result.evaluated();
        assertThat(evaluated).isBetween(SAMPLE / 2L, (long) SAMPLE);
        assertThat(result.rows()).allSatisfy(row -> assertThat(row.quality().evaluated()).isEqualTo(evaluated));
        assertThat(result.hardOnly().student().evaluated()).isEqualTo(evaluated);
        // learnt models beat popularity on real data; sizes are what the models hold
        assertThat(result.row(EvaluationResult.TEACHER).quality().ndcg())
            .isGreaterThan(result.row(EvaluationResult.POPULARITY).quality().ndcg());
        assertThat(result.row(EvaluationResult.DISTILLED).quality().ndcg())
            .isGreaterThan(result.row(EvaluationResult.POPULARITY).quality().ndcg());
        // the teacher holds items², the student items × (2 × dimension + 1): the ratio shrinks as the catalogue grows,
        // to 1/28 on the full Online Retail stream (README); on this 20k-event prefix it is about 1/13
        assertThat(result.row(EvaluationResult.DISTILLED).parameters()).isLessThan(result.row(EvaluationResult.TEACHER).parameters() / 10);
        assertThat(result.row(EvaluationResult.DISTILLED).microsPerRecommendation()).isPositive();
    }

    @Test
    void writesTableCsvJsonAndPlot(@TempDir final Path dir) throws Exception {
        final String table = EvaluationReport.table(result);
        assertThat(table).contains("teacher (EASE)", "student (distilled)", "student (hard labels only)", "popularity", "NDCG@10",
            "distilled/teacher NDCG@10");

        final Path csv = dir.resolve("evaluation.csv");
        EvaluationReport.writeCsv(result, csv);
        final List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("dataset,model,evaluated,hr10,ndcg10,mrr,parameters,bytes,us_per_rec");
        assertThat(lines.get(2)).startsWith("online-retail-20k,student (distilled)," + result.evaluated() + ",");

        final Path json = dir.resolve("evaluation.json");
        EvaluationReport.writeJson(result, json);
        assertThat(Files.readString(json)).contains("\"eventsEvaluated\" : " + result.evaluated(), "\"ndcg10\"");

        final Path png = dir.resolve("ndcg.png");
        QualityPlot.writePng(result, png, 1000, 500);
        final byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes.length).isGreaterThan(10_000);
        assertThat(new byte[] {bytes[1], bytes[2], bytes[3]}).isEqualTo("PNG".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void slidingWindowsAverageNdcgOverEvaluatedEvents() {
        final int[] ranks = {0, 1, 20, -1, 0};
        final double[] windows = Curves.slidingNdcg(ranks, 5, 2, 1);
        assertThat(windows).hasSize(4);
        assertThat(windows[0]).isEqualTo((1.0 + 1 / (Math.log(3) / Math.log(2))) / 2);
        assertThat(windows[2]).isZero();
        assertThat(windows[3]).isEqualTo(0.5);
    }
}
