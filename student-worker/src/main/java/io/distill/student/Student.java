package io.distill.student;

import io.distill.avro.Candidate;
import io.distill.avro.SoftLabel;
import io.distill.ranking.IntSet;
import io.distill.ranking.RankingMetrics;
import io.distill.ranking.TopK;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The student: a matrix-factorisation recommender, score = p_u·q_i + b_i, trained one event at a time
 * by knowledge distillation from the teacher's soft labels ({@link DistillationLoss}), with Adagrad.
 * The user factors are SVD++-shaped: p_u = e_u + |R(u)|^-½ Σ_{j∈R(u)} y_j over the user's recent
 * items R(u), so a user is described by what they did as well as by free factors. That is what lets a
 * small student follow an item-item teacher from a user's first events on, where free factors alone
 * would still be noise.
 *
 * <p>Each {@link #learn} is test-then-train: it first ranks the event's item for the user over the full
 * catalogue (the prequential measurement), then updates the user's factors and those of every
 * candidate item. The same class runs inside the Kafka Streams processor and in the offline
 * evaluation, so their numbers agree.
 *
 * <p>Deterministic: the same labels in the same order give bit-identical factors. Not thread-safe.
 */
public final class Student {
    private static final int AGREEMENT_CUTOFF = RankingMetrics.CUTOFF;

    private final StudentSettings settings;
    private final ItemTable items;
    private final DistillationLoss loss = new DistillationLoss();
    private final TopK recommendations;
    private final TopK agreementTopK = new TopK(AGREEMENT_CUTOFF);
    private final int[] teacherTop = new int[AGREEMENT_CUTOFF];
    private final int[] studentTop = new int[AGREEMENT_CUTOFF];
    private float[] scores = new float[1024];
    private int[] slotItem = new int[128];
    private float[] studentLogits = new float[128];
    private float[] teacherLogits = new float[128];
    private float[] gradient = new float[128];
    private final float[] userGradient;
    private final float[] userBefore;
    private final float[] userVector;
    private int lastTouched;

    public Student(final StudentSettings settings, final ItemTable items) {
        this.settings = settings;
        this.items = items;
        this.recommendations = new TopK(settings.topN());
        this.userGradient = new float[settings.dimension()];
        this.userBefore = new float[settings.dimension()];
        this.userVector = new float[settings.dimension()];
    }

    public StudentSettings settings() {
        return settings;
    }

    public ItemTable items() {
        return items;
    }

    /** Measures, then learns from, one soft label for {@code user} (whose state is updated in place). */
    public Observation learn(final SoftLabel label, final UserState user) {
        final int positive = items.ensure(label.getItemId());
        int m = 0;
        int positiveSlot = -1;
        if (!settings.hardOnly()) {
            final List<Candidate> candidates = label.getCandidates();
            ensureSlots(candidates.size() + 1);
            for (int j = 0; j < candidates.size(); j++) {
                final Candidate candidate = candidates.get(j);
                final int item = items.ensure(candidate.getItemId());
                slotItem[m] = item;
                teacherLogits[m] = candidate.getLogit();
                if (item == positive) {
                    positiveSlot = m;
                }
                m++;
            }
        }

        final float[] p = userVector(user);
        final boolean evaluated = !user.seen().contains(positive);
        int studentRank = -1;
        int popularityRank = -1;
        int teacherRank = -1;
        if (evaluated) {
            final int n = items.size();
            if (scores.length < n) {
                scores = new float[Math.max(n, scores.length * 2)];
            }
            items.scoreAll(p, scores);
            studentRank = RankingMetrics.rankOf(scores, n, positive, user.seen());
            popularityRank = items.popularity().rankOf(positive, user.seen());
            teacherRank = label.getTeacherRank() == null ? -1 : label.getTeacherRank();
        }

        int ceSize;
        if (settings.hardOnly()) {
            ceSize = sampleNegatives(label.getEventId(), positive, user.seen());
            positiveSlot = 0;
        } else if (positiveSlot < 0) {
            slotItem[m] = positive;
            positiveSlot = m;
            ceSize = m + 1;
        } else {
            ceSize = m;
        }
        for (int j = 0; j < ceSize; j++) {
            studentLogits[j] = items.score(p, slotItem[j]);
        }
        final double agreement = evaluated && m > 0 ? agreement(m) : Double.NaN;
        final float temperature = settings.temperature() > 0 ? settings.temperature() : label.getTemperature();
        final double value = loss.compute(studentLogits, teacherLogits, m, positiveSlot, ceSize, temperature, settings.alpha(),
            gradient);
        apply(user, p, ceSize);

        user.seen().add(positive);
        user.remember(positive);
        user.countUpdate();
        items.popularity().observe(positive, 1f);
        return new Observation(evaluated, studentRank, teacherRank, popularityRank, value, agreement);
    }

    /**
     * Writes the user's current top-N (best first, seen items excluded when configured) and returns how
     * many were written.
     */
    public int recommend(final UserState user, final int[] outItems, final float[] outScores) {
        final int n = items.size();
        if (scores.length < n) {
            scores = new float[Math.max(n, scores.length * 2)];
        }
        items.scoreAll(userVector(user), scores);
        return recommendations.select(scores, n, settings.excludeSeen() ? user.seen() : null, outItems, outScores);
    }

    /**
     * Items whose rows the last {@link #learn} changed (candidates, then the user's recent items; may
     * repeat): what a persistent store must write back. {@code out} needs room for the label's
     * candidates plus two, plus the history length.
     */
    public int touchedItems(final int[] out, final UserState user) {
        System.arraycopy(slotItem, 0, out, 0, lastTouched);
        int count = lastTouched;
        for (int i = 0; i < user.recentCount(); i++) {
            out[count++] = user.recent(i);
        }
        return count;
    }

    /** The user representation p_u = e_u + |R(u)|^-½ Σ y_j, into a scratch vector. */
    private float[] userVector(final UserState user) {
        System.arraycopy(user.factors(), 0, userVector, 0, userVector.length);
        final int count = user.recentCount();
        if (count > 0) {
            final float scale = (float) (1.0 / Math.sqrt(count));
            for (int i = 0; i < count; i++) {
                items.addContext(user.recent(i), scale, userVector);
            }
        }
        return userVector;
    }

    /** Applies ∂L/∂s (in {@link #gradient}) to e_u, the recent items' y_j, and the candidates' q_i and b_i. */
    private void apply(final UserState user, final float[] p, final int ceSize) {
        final float lr = settings.learningRate();
        final float l2 = settings.l2();
        System.arraycopy(p, 0, userBefore, 0, p.length);
        Arrays.fill(userGradient, 0f);
        for (int j = 0; j < ceSize; j++) {
            final float g = gradient[j];
            if (g != 0f) {
                items.addScaledFactors(slotItem[j], g, userGradient);
            }
        }
        if (settings.userFactors()) {
            final float[] e = user.factors();
            final float[] acc = user.accumulators();
            for (int k = 0; k < e.length; k++) {
                final float grad = userGradient[k] + l2 * e[k];
                acc[k] += grad * grad;
                e[k] -= lr * grad / (float) Math.sqrt(acc[k]);
            }
        }
        final int count = user.recentCount();
        if (count > 0) {
            final float scale = (float) (1.0 / Math.sqrt(count));
            for (int i = 0; i < count; i++) {
                items.stepContext(user.recent(i), scale, userGradient, lr, l2);
            }
        }
        for (int j = 0; j < ceSize; j++) {
            items.step(slotItem[j], gradient[j], userBefore, lr, l2);
        }
        lastTouched = ceSize;
    }

    /** Fills slots with the positive (slot 0) and uniformly sampled items the user has not seen; seeded per event. */
    private int sampleNegatives(final String eventId, final int positive, final IntSet seen) {
        final int n = items.size();
        final int wanted = Math.min(settings.sampledNegatives(), n - 1 - seen.size());
        ensureSlots(wanted + 1);
        slotItem[0] = positive;
        int count = 1;
        if (wanted <= 0) {
            return count;
        }
        final SplittableRandom random = Seeds.forId(settings.seed(), "negatives", eventId);
        final IntSet taken = new IntSet(wanted + 1);
        taken.add(positive);
        for (int attempt = 0; count <= wanted && attempt < wanted * 20; attempt++) {
            final int item = random.nextInt(n);
            if (!seen.contains(item) && taken.add(item)) {
                slotItem[count++] = item;
            }
        }
        return count;
    }

    /** Share of the teacher's top-10 candidates that are also the student's top-10 candidates. */
    private double agreement(final int m) {
        final int k = agreementTopK.select(teacherLogits, m, null, teacherTop, null);
        agreementTopK.select(studentLogits, m, null, studentTop, null);
        int overlap = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                if (teacherTop[a] == studentTop[b]) {
                    overlap++;
                    break;
                }
            }
        }
        return k == 0 ? Double.NaN : (double) overlap / k;
    }

    private void ensureSlots(final int needed) {
        if (slotItem.length < needed) {
            final int size = Math.max(needed, slotItem.length * 2);
            slotItem = Arrays.copyOf(slotItem, size);
            studentLogits = Arrays.copyOf(studentLogits, size);
            teacherLogits = Arrays.copyOf(teacherLogits, size);
            gradient = Arrays.copyOf(gradient, size);
        }
    }
}
