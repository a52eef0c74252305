package io.distill.evaluation;

import io.distill.avro.Interaction;
import io.distill.avro.SoftLabel;
import io.distill.schemas.validation.InteractionValidator;
import io.distill.schemas.validation.RejectReason;
import io.distill.schemas.validation.ValidationLimits;
import io.distill.schemas.validation.Verdict;
import io.distill.teacher.EaseModel;
import io.distill.teacher.Teacher;
import io.distill.teacher.TeacherModel;
import io.distill.teacher.TeacherSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the teacher over a stream as the pipeline would: events validated and de-duplicated as the
 * ingest does, then labelled in poll-sized batches by the same {@link Teacher} the worker runs. The
 * labels are kept on a {@link LabelTape} for the students.
 */
public final class TeacherPass {

    /**
     * @param tape            the soft labels, in stream order
     * @param read            events read from the source
     * @param rejected        events the validator rejected, by reason (duplicates under DUPLICATE_EVENT)
     * @param labelNanos      wall time spent labelling (scoring, top-K, label building), fits excluded
     * @param teacherParams   parameters of the last teacher model in force
     * @param teacherVersion  version of that model
     * @param fits            teacher fits started
     */
    public record Result(LabelTape tape, long read, Map<RejectReason, Long> rejected, long labelNanos, long teacherParams,
                         String teacherVersion, long fits) {

        public long valid() {
            return tape.size();
        }

        public double microsPerLabel() {
            return tape.size() == 0 ? 0 : labelNanos / 1e3 / tape.size();
        }
    }

    private TeacherPass() {
    }

    public static Result run(final Iterator<Interaction> events, final TeacherSettings settings, final ValidationLimits limits,
                             final int batchSize, final long expected, final Progress progress) {
        final InteractionValidator validator = new InteractionValidator(limits, Clock.systemUTC());
        final Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
        final Set<String> eventIds = new HashSet<>();
        final LabelTape tape = new LabelTape();
        long read = 0;
        long labelNanos = 0;
        try (Teacher teacher = new Teacher(settings, Clock.systemUTC())) {
            final List<Interaction> batch = new ArrayList<>(batchSize);
            while (events.hasNext()) {
                final Interaction event = events.next();
                read++;
                final Verdict verdict = validator.validate(null, event);
                if (verdict instanceof Verdict.Rejected rejection) {
                    rejected.merge(rejection.reason(), 1L, Long::sum);
                    continue;
                }
                if (!eventIds.add(event.getEventId())) {
                    rejected.merge(RejectReason.DUPLICATE_EVENT, 1L, Long::sum);
                    continue;
                }
                batch.add(event);
                if (batch.size() == batchSize) {
                    labelNanos += label(teacher, batch, tape);
                    progress.update("teacher", read, expected);
                }
            }
            if (!batch.isEmpty()) {
                labelNanos += label(teacher, batch, tape);
            }
            progress.update("teacher", read, read);
            final TeacherModel model = teacher.model();
            final long params = model instanceof EaseModel ease ? ease.parameterCount() : model.columns();
            return new Result(tape, read, rejected, labelNanos, params, model.version(), teacher.fits());
        }
    }

    private static long label(final Teacher teacher, final List<Interaction> batch, final LabelTape tape) {
        final long started = System.nanoTime();
        final List<SoftLabel> labels = teacher.label(batch);
        final long elapsed = System.nanoTime() - started;
        for (final SoftLabel label : labels) {
            tape.add(label);
        }
        batch.clear();
        return elapsed;
    }
}
