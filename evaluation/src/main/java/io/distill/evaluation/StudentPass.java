package io.distill.evaluation;

import io.distill.avro.SoftLabel;
import io.distill.ranking.Quality;
import io.distill.student.ItemTable;
import io.distill.student.Observation;
import io.distill.student.Student;
import io.distill.student.StudentSettings;
import io.distill.student.UserState;
import java.util.HashMap;
import java.util.Map;

/**
 * Trains one student online over a {@link LabelTape}, test-then-train, exactly as the student worker
 * does per soft label, and records the prequential quality of the student, of the teacher (from the
 * ranks written in the labels) and of popularity on the same events.
 */
public final class StudentPass {

    /**
     * @param student         the student's quality
     * @param teacher         the teacher's quality on the same evaluated events
     * @param popularity      popularity's quality on the same evaluated events
     * @param curves          per evaluated event: NDCG@10 of student, teacher, popularity, and event time
     * @param parameters      learnable parameters at the end (user and item factors, item biases)
     * @param users           users at the end
     * @param items           items at the end
     * @param recommendNanos  total time of the timed {@link Student#recommend} calls
     * @param recommendations how many were timed
     * @param lossSum         sum of the per-event losses
     * @param agreementSum    sum of teacher–student top-10 agreement over the events where it was measured
     * @param agreementCount  events where it was measured
     */
    public record Result(Quality student, Quality teacher, Quality popularity, Curves curves, long parameters, int users,
                         int items, long recommendNanos, long recommendations, double lossSum, double agreementSum,
                         long agreementCount) {

        public double microsPerRecommendation() {
            return recommendations == 0 ? 0 : recommendNanos / 1e3 / recommendations;
        }

        public double meanAgreement() {
            return agreementCount == 0 ? Double.NaN : agreementSum / agreementCount;
        }
    }

    private StudentPass() {
    }

    /**
     * @param recommendEvery time a full top-N recommendation every this many events (0: never)
     */
    public static Result run(final LabelTape tape, final StudentSettings settings, final int recommendEvery, final String stage,
                             final Progress progress) {
        final ItemTable items = new ItemTable(settings);
        final Student student = new Student(settings, items);
        final Map<String, UserState> users = new HashMap<>();
        final Quality studentQuality = new Quality();
        final Quality teacherQuality = new Quality();
        final Quality popularityQuality = new Quality();
        final Curves curves = new Curves(tape.size() / 2 + 16);
        final int[] topItems = new int[settings.topN()];
        final float[] topScores = new float[settings.topN()];
        long recommendNanos = 0;
        long recommendations = 0;
        double lossSum = 0;
        double agreementSum = 0;
        long agreementCount = 0;
        for (int i = 0; i < tape.size(); i++) {
            final SoftLabel label = tape.get(i);
            final UserState user = users.computeIfAbsent(label.getUserId(), id -> UserState.create(id, settings));
            final Observation observation = student.learn(label, user);
            lossSum += observation.loss();
            if (observation.evaluated()) {
                studentQuality.record(observation.studentRank());
                teacherQuality.record(observation.teacherRank());
                popularityQuality.record(observation.popularityRank());
                curves.add(tape.timestamp(i), observation.studentRank(), observation.teacherRank(), observation.popularityRank());
                if (!Double.isNaN(observation.agreement())) {
                    agreementSum += observation.agreement();
                    agreementCount++;
                }
            }
            if (recommendEvery > 0 && i % recommendEvery == 0) {
                final long started = System.nanoTime();
                student.recommend(user, topItems, topScores);
                recommendNanos += System.nanoTime() - started;
                recommendations++;
            }
            if ((i & 0x3FFF) == 0) {
                progress.update(stage, i, tape.size());
            }
        }
        progress.update(stage, tape.size(), tape.size());
        // learnt parameters only: a user's recent items are input, like the teacher's interaction log
        final long parameters = items.parameterCount() + (settings.userFactors() ? (long) users.size() * settings.dimension() : 0);
        return new Result(studentQuality, teacherQuality, popularityQuality, curves, parameters, users.size(), items.size(),
            recommendNanos, recommendations, lossSum, agreementSum, agreementCount);
    }
}
