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
 * <p>Each update has two terms: the soft term matches the teacher's distribution over the label's
 * candidates; the hard term is a sampled softmax of the positive against negatives the student draws
 * uniformly itself. The hard-label-only baseline is the same student without the soft term, so the
 * two differ by the teacher and nothing else.
 *
 * <p>Each {@link #learn} is test-then-train: it first ranks the event's item for the user over the full
 * catalogue (the prequential measurement), then updates. The same class runs inside the Kafka Streams
 * processor and in the offline evaluation, so their numbers agree. Deterministic: the same labels in
 * the same order give bit-identical factors. Not thread-safe.
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
    private final float[] userGradient;
    private final float[] userBefore;
    private final float[] userVector;
    /** Weight of each recent item in the user representation, oldest first; set by {@link #userVector}. */
    private final float[] historyScale;
    private float[] scores = new float[1024];

    /** Distinct items of the current update; their logits and gradients. */
    private int[] slotItem = new int[256];
    private float[] slotLogit = new float[256];
    private float[] slotGradient = new float[256];
    private int slots;
    /** item → slot of the current update, valid where {@code slotStamp[item] == stamp}. */
    private int[] slotOfItem = new int[1024];
    private int[] slotStamp = new int[1024];
    private int stamp;

    private int[] softSlots = new int[128];
    private float[] teacherLogits = new float[128];
    private float[] softLogits = new float[128];
    private int[] hardSlots;
    private int[] touched = new int[256];
    private int touchedCount;

    public Student(final StudentSettings settings, final ItemTable items) {
        this.settings = settings;
        this.items = items;
        this.recommendations = new TopK(settings.topN());
        this.userGradient = new float[settings.dimension()];
        this.userBefore = new float[settings.dimension()];
        this.userVector = new float[settings.dimension()];
        this.historyScale = new float[settings.historyLength()];
        this.hardSlots = new int[settings.sampledNegatives() + 1];
    }

    public StudentSettings settings() {
        return settings;
    }

    public ItemTable items() {
        return items;
    }

    /** Measures, then learns from, one soft label for {@code user} (whose state is updated in place). */
    public Observation learn(final SoftLabel label, final UserState user) {
        beginSlots();
        final int positive = items.ensure(label.getItemId());
        int m = 0;
        if (!settings.hardOnly()) {
            final List<Candidate> candidates = label.getCandidates();
            if (softSlots.length < candidates.size()) {
                final int size = candidates.size() * 2;
                softSlots = Arrays.copyOf(softSlots, size);
                teacherLogits = Arrays.copyOf(teacherLogits, size);
                softLogits = Arrays.copyOf(softLogits, size);
            }
            for (final Candidate candidate : candidates) {
                softSlots[m] = slotFor(items.ensure(candidate.getItemId()));
                teacherLogits[m] = candidate.getLogit();
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
            ensureScores(n);
            items.scoreAll(p, scores);
            studentRank = RankingMetrics.rankOf(scores, n, positive, user.seen());
            popularityRank = items.popularity().rankOf(positive, user.seen());
            teacherRank = label.getTeacherRank() == null ? -1 : label.getTeacherRank();
        }

        final int c = sampleHardSlots(label.getEventId(), positive, user.seen());
        for (int slot = 0; slot < slots; slot++) {
            slotLogit[slot] = items.score(p, slotItem[slot]);
        }
        final double agreement = evaluated && m > 0 ? agreement(m) : Double.NaN;
        final float temperature = settings.temperature() > 0 ? settings.temperature() : label.getTemperature();
        final double value = loss.compute(slotLogit, softSlots, teacherLogits, m, hardSlots, c, 0, temperature, settings.alpha(),
            slotGradient, slots);
        apply(user, p);

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
        ensureScores(n);
        items.scoreAll(userVector(user), scores);
        return recommendations.select(scores, n, settings.excludeSeen() ? user.seen() : null, outItems, outScores);
    }

    /**
     * Items whose rows the last {@link #learn} changed, each once: the update's items (candidates, the
     * positive, sampled negatives) and the recent items whose context factors it stepped — including one
     * that left the user's history during the update. What a persistent store must write back.
     */
    public int touchedItems(final int[] out) {
        System.arraycopy(touched, 0, out, 0, touchedCount);
        return touchedCount;
    }

    /** Upper bound on {@link #touchedItems} for a label with {@code candidates} candidates. */
    public int maxTouchedItems(final int candidates) {
        return candidates + 1 + settings.sampledNegatives() + settings.historyLength();
    }

    /**
     * The user representation p_u = e_u + Σ_j w_j·y_j over the recent items, into a scratch vector. The
     * weights halve every {@code historyHalfLife} items back (all equal when 0) and are scaled to unit
     * norm, which for equal weights is SVD++'s |R(u)|^-½.
     */
    private float[] userVector(final UserState user) {
        System.arraycopy(user.factors(), 0, userVector, 0, userVector.length);
        final int count = user.recentCount();
        if (count > 0) {
            final float halfLife = settings.historyHalfLife();
            double squares = 0;
            for (int i = 0; i < count; i++) {
                final double w = halfLife > 0 ? Math.pow(0.5, (count - 1 - i) / (double) halfLife) : 1.0;
                historyScale[i] = (float) w;
                squares += w * w;
            }
            final float norm = (float) (1.0 / Math.sqrt(squares));
            for (int i = 0; i < count; i++) {
                historyScale[i] *= norm;
                items.addContext(user.recent(i), historyScale[i], userVector);
            }
        }
        return userVector;
    }

    /** Applies the slot gradients to e_u, the recent items' y_j, and every slot item's q_i and b_i. */
    private void apply(final UserState user, final float[] p) {
        final float lr = settings.learningRate();
        final float l2 = settings.l2();
        System.arraycopy(p, 0, userBefore, 0, p.length);
        Arrays.fill(userGradient, 0f);
        for (int slot = 0; slot < slots; slot++) {
            final float g = slotGradient[slot];
            if (g != 0f) {
                items.addScaledFactors(slotItem[slot], g, userGradient);
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
        if (touched.length < slots + count) {
            touched = new int[(slots + count) * 2];
        }
        System.arraycopy(slotItem, 0, touched, 0, slots);
        touchedCount = slots;
        for (int i = 0; i < count; i++) {
            final int item = user.recent(i);
            items.stepContext(item, historyScale[i], userGradient, lr, l2);
            if (item >= slotStamp.length || slotStamp[item] != stamp) {
                touched[touchedCount++] = item;
            }
        }
        for (int slot = 0; slot < slots; slot++) {
            items.step(slotItem[slot], slotGradient[slot], userBefore, lr, l2);
        }
    }

    /** The positive (position 0) and uniformly sampled unseen items for the hard term; seeded per event. */
    private int sampleHardSlots(final String eventId, final int positive, final IntSet seen) {
        hardSlots[0] = slotFor(positive);
        int count = 1;
        final int n = items.size();
        final int wanted = Math.min(settings.sampledNegatives(), n - 1 - seen.size());
        if (wanted <= 0) {
            return count;
        }
        final SplittableRandom random = Seeds.forId(settings.seed(), "negatives", eventId);
        final IntSet taken = new IntSet(wanted + 1);
        taken.add(positive);
        for (int attempt = 0; count <= wanted && attempt < wanted * 20; attempt++) {
            final int item = random.nextInt(n);
            if (!seen.contains(item) && taken.add(item)) {
                hardSlots[count++] = slotFor(item);
            }
        }
        return count;
    }

    /** Share of the teacher's top-10 candidates that are also the student's top-10 candidates. */
    private double agreement(final int m) {
        for (int j = 0; j < m; j++) {
            softLogits[j] = slotLogit[softSlots[j]];
        }
        final int k = agreementTopK.select(teacherLogits, m, null, teacherTop, null);
        agreementTopK.select(softLogits, m, null, studentTop, null);
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

    private void beginSlots() {
        slots = 0;
        if (++stamp == Integer.MAX_VALUE) {
            Arrays.fill(slotStamp, 0);
            stamp = 1;
        }
    }

    /** The slot of {@code item} in the current update, allocating one on first use. */
    private int slotFor(final int item) {
        if (item >= slotStamp.length) {
            final int size = Math.max(item + 1, slotStamp.length * 2);
            slotStamp = Arrays.copyOf(slotStamp, size);
            slotOfItem = Arrays.copyOf(slotOfItem, size);
        }
        if (slotStamp[item] == stamp) {
            return slotOfItem[item];
        }
        if (slots == slotItem.length) {
            final int size = slots * 2;
            slotItem = Arrays.copyOf(slotItem, size);
            slotLogit = Arrays.copyOf(slotLogit, size);
            slotGradient = Arrays.copyOf(slotGradient, size);
        }
        slotStamp[item] = stamp;
        slotOfItem[item] = slots;
        slotItem[slots] = item;
        return slots++;
    }

    private void ensureScores(final int n) {
        if (scores.length < n) {
            scores = new float[Math.max(n, scores.length * 2)];
        }
    }
}
