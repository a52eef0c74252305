package io.distill.evaluation;

import io.distill.schemas.validation.RejectReason;
import io.distill.student.StudentSettings;
import io.distill.teacher.TeacherSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything one prequential evaluation measured: the table (teacher, distilled student, hard-label
 * student, popularity), the per-event curves behind the plot, and the settings that produced them.
 *
 * @param dataset        what was replayed
 * @param read           events read
 * @param rejected       events the ingest's validation would have rejected, by reason
 * @param labelled       events that went through the pipeline
 * @param rows           teacher, distilled student, hard-label student, popularity
 * @param distilled      the distilled student's run (curves for all of teacher, student and popularity)
 * @param hardOnly       the hard-label-only student's run
 * @param teacher        teacher settings
 * @param student        student settings (the hard-label student is {@link StudentSettings#asHardOnly()})
 * @param wallTime       how long the evaluation took
 */
public record EvaluationResult(String dataset, long read, Map<RejectReason, Long> rejected, long labelled, List<ModelRow> rows,
                               StudentPass.Result distilled, StudentPass.Result hardOnly, TeacherSettings teacher,
                               StudentSettings student, Duration wallTime) {

    public static final String TEACHER = "teacher (EASE)";
    public static final String DISTILLED = "student (distilled)";
    public static final String HARD_ONLY = "student (hard labels only)";
    public static final String POPULARITY = "popularity";

    public ModelRow row(final String model) {
        return rows.stream().filter(r -> r.model().equals(model)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no row " + model));
    }

    public long evaluated() {
        return distilled.student().evaluated();
    }
}
