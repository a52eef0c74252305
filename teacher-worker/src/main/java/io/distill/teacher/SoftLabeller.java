package io.distill.teacher;

import io.distill.avro.Candidate;
import io.distill.avro.Interaction;
import io.distill.avro.SoftLabel;
import io.distill.ranking.IntSet;
import io.distill.ranking.RankingMetrics;
import io.distill.ranking.TopK;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns interactions into soft labels in two passes: {@link #prepare} captures, in log order, what the
 * teacher knew about the user just before each event; {@link #score} then scores all prepared users of
 * a poll at once (one gemm per model) and writes each label: the teacher's top-K, the hard positive
 * and sampled negatives, with standardised logits.
 */
final class SoftLabeller {
    /** Rows per gemm: bounds the dense batch (rows × catalogue floats) to a few tens of MB. */
    private static final int MAX_GEMM_ROWS = 512;

    private final TeacherSettings settings;
    private final TopK topK;
    private final int[] topIndex;
    private float[] row = new float[0];

    /** What the teacher knew about the user just before the event, in the columns of the model in force. */
    record Request(Interaction event, TeacherModel model, int width, int[] columns, float[] values, IntSet seen, int positive,
                   float[] popularityScores, String version) {
    }

    SoftLabeller(final TeacherSettings settings) {
        this.settings = settings;
        this.topK = new TopK(settings.topK());
        this.topIndex = new int[settings.topK()];
    }

    Request prepare(final Interaction event, final TeacherModel model, final InteractionLog log) {
        final UserHistory history = log.history(event.getUserId());
        final int size = history == null ? 0 : history.size();
        final int[] columns = new int[size];
        final float[] values = new float[size];
        final IntSet seen = new IntSet(size);
        int cells = 0;
        for (int i = 0; i < size; i++) {
            final int column = model.columnOf(history.item(i));
            if (column >= 0) {
                columns[cells] = column;
                final float value = settings.transform().apply(history.weight(i));
                values[cells] = settings.recencyHalfLife() > 0
                    ? value * (float) Math.pow(0.5, history.age(i) / settings.recencyHalfLife()) : value;
                seen.add(column);
                cells++;
            }
        }
        final int catalogueIndex = log.items().indexOf(event.getItemId());
        final int positive = catalogueIndex < 0 ? -1 : model.columnOf(catalogueIndex);
        float[] popularity = null;
        if (model instanceof PopularityModel) {
            // Popularity moves with every event; freeze it as it was before this one.
            popularity = new float[model.columns()];
            for (int c = 0; c < popularity.length; c++) {
                popularity[c] = (float) Math.log1p(log.itemCount(c));
            }
        }
        // The popularity model's catalogue grows with the log: fix its width and version as of this event,
        // or the label would depend on where the poll that carried the event ended.
        return new Request(event, model, model.columns(), Arrays.copyOf(columns, cells), Arrays.copyOf(values, cells), seen, positive, popularity,
            model.version());
    }

    List<SoftLabel> score(final List<Request> requests, final Instant labelledAt) {
        final List<SoftLabel> labels = new ArrayList<>(requests.size());
        int start = 0;
        while (start < requests.size()) {
            final TeacherModel model = requests.get(start).model();
            int end = start + 1;
            while (end < requests.size() && end - start < MAX_GEMM_ROWS && requests.get(end).model() == model) {
                end++;
            }
            final List<Request> group = requests.subList(start, end);
            if (model instanceof EaseModel ease) {
                scoreEase(ease, group, labelledAt, labels);
            } else {
                for (final Request request : group) {
                    labels.add(finish(request, request.popularityScores(), null, labelledAt));
                }
            }
            start = end;
        }
        return labels;
    }

    private void scoreEase(final EaseModel model, final List<Request> group, final Instant labelledAt, final List<SoftLabel> out) {
        final int m = model.columns();
        final int rows = group.size();
        final float[] x = new float[rows * m];
        for (int r = 0; r < rows; r++) {
            final Request request = group.get(r);
            final int base = r * m;
            for (int i = 0; i < request.columns().length; i++) {
                x[base + request.columns()[i]] = request.values()[i];
            }
        }
        final INDArray scores = Nd4j.create(x, new long[] {rows, m}, 'c').mmul(model.weights());
        final float[] s = scores.data().asFloat();
        for (int r = 0; r < rows; r++) {
            final float[] scratch = rowBuffer(m);
            System.arraycopy(s, r * m, scratch, 0, m);
            out.add(finish(group.get(r), scratch, model.coldLogits(), labelledAt));
        }
    }

    /** Writes one label from the user's raw scores over the model's columns (modified in place). */
    private SoftLabel finish(final Request request, final float[] scores, final float[] coldLogits, final Instant labelledAt) {
        final TeacherModel model = request.model();
        final int m = request.width();
        final Interaction event = request.event();
        final List<Candidate> candidates = new ArrayList<>(settings.topK() + settings.negatives() + 1);
        Integer teacherRank = null;
        if (m > 0) {
            if (!Standardise.inPlace(scores, 0, m) && coldLogits != null) {
                // Nothing known about the user within the catalogue: the teacher's opinion is popularity.
                System.arraycopy(coldLogits, 0, scores, 0, m);
            }
            final int positive = request.positive();
            if (positive >= 0 && !request.seen().contains(positive)) {
                teacherRank = RankingMetrics.rankOf(scores, m, positive, request.seen());
            }
            final int count = topK.select(scores, m, request.seen(), topIndex, null);
            boolean positiveIncluded = false;
            for (int i = 0; i < count; i++) {
                candidates.add(new Candidate(model.itemId(topIndex[i]), scores[topIndex[i]]));
                positiveIncluded |= topIndex[i] == positive;
            }
            if (positive >= 0 && !positiveIncluded) {
                candidates.add(new Candidate(model.itemId(positive), scores[positive]));
            }
            sampleNegatives(request, scores, m, count, candidates);
        }
        return new SoftLabel(event.getEventId(), event.getUserId(), event.getTimestamp(), event.getItemId(), event.getType(),
            request.version(), settings.temperature(), candidates, teacherRank, labelledAt);
    }

    /** Uniform negatives from the catalogue, excluding seen items, the top-K and the positive; seeded per event. */
    private void sampleNegatives(final Request request, final float[] scores, final int m, final int topCount,
                                 final List<Candidate> candidates) {
        final int wanted = Math.min(settings.negatives(), m - request.seen().size() - topCount - 1);
        if (wanted <= 0) {
            return;
        }
        final SplittableRandom random = new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L + request.event().getEventId().hashCode());
        final IntSet taken = new IntSet(wanted + topCount);
        for (int i = 0; i < topCount; i++) {
            taken.add(topIndex[i]);
        }
        if (request.positive() >= 0) {
            taken.add(request.positive());
        }
        int added = 0;
        for (int attempt = 0; added < wanted && attempt < wanted * 20; attempt++) {
            final int column = random.nextInt(m);
            if (!request.seen().contains(column) && taken.add(column)) {
                candidates.add(new Candidate(request.model().itemId(column), scores[column]));
                added++;
            }
        }
    }

    private float[] rowBuffer(final int m) {
        if (row.length < m) {
            row = new float[m];
        }
        return row;
    }
}
