package io.distill.teacher.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.avro.Interaction;
import io.distill.avro.SoftLabel;
import io.distill.datasets.SyntheticParams;
import io.distill.datasets.SyntheticStream;
import io.distill.teacher.Teacher;
import io.distill.teacher.TeacherSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the worker's exactly-once restart relies on: with deterministic settings, the teacher's labels
 * depend only on the sequence of events, not on how polls cut it into batches nor on where a restart
 * switched from replaying to labelling.
 */
class TeacherBatchingTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC);
    static final TeacherSettings SETTINGS = TeacherSettings.DEFAULT.withItemCap(250).withRefit(400, 800, 100);

    private static List<Interaction> events;
    private static List<SoftLabel> reference;

    @BeforeAll
    static void labelInFixedBatches() {
        events = new ArrayList<>();
        new SyntheticStream(SyntheticParams.DEFAULTS.withSize(150, 300, 10, 2500)).open().forEachRemaining(events::add);
        reference = labelInBatches(0, () -> 500);
    }

    @Test
    void labelsDoNotDependOnBatchBoundaries() {
        final SplittableRandom random = new SplittableRandom(7);
        Labels.assertSame(labelInBatches(0, () -> 1 + random.nextInt(700)), reference);
    }

    @Test
    void singleEventBatchesGiveTheSameLabels() {
        Labels.assertSame(labelInBatches(0, () -> 1), reference);
    }

    @Test
    void replayingAPrefixResumesWithTheSameModel() {
        // before the first fit, while a fit is pending, and between two installed fits
        for (final int prefix : new int[] {250, 450, 1234}) {
            final List<SoftLabel> resumed = labelInBatches(prefix, () -> 333);
            Labels.assertSame(resumed, reference.subList(prefix, reference.size()));
        }
    }

    @Test
    void recencyWeightingKeepsLabelsIndependentOfBatching() {
        final TeacherSettings recency = SETTINGS.withRecencyHalfLife(10f);
        final List<SoftLabel> whole = labelInBatches(recency, 0, () -> 500);
        Labels.assertSame(labelInBatches(recency, 0, () -> 7), whole);
        Labels.assertSame(labelInBatches(recency, 900, () -> 211), whole.subList(900, whole.size()));
    }

    @Test
    void theVersionSwitchesFromPopularityToEase() {
        assertThat(reference.get(0).getTeacherVersion()).startsWith("popularity@");
        assertThat(reference.get(reference.size() - 1).getTeacherVersion()).startsWith("ease@");
    }

    /** Replays the first {@code prefix} events, then labels the rest in batches of the sizes given. */
    private static List<SoftLabel> labelInBatches(final int prefix, final IntSupplier batchSize) {
        return labelInBatches(SETTINGS, prefix, batchSize);
    }

    private static List<SoftLabel> labelInBatches(final TeacherSettings settings, final int prefix, final IntSupplier batchSize) {
        final List<SoftLabel> labels = new ArrayList<>();
        try (Teacher teacher = new Teacher(settings, CLOCK)) {
            for (int i = 0; i < prefix; i++) {
                teacher.replay(events.get(i));
            }
            teacher.finishReplay();
            int at = prefix;
            while (at < events.size()) {
                final int end = Math.min(events.size(), at + batchSize.getAsInt());
                labels.addAll(teacher.label(events.subList(at, end)));
                at = end;
            }
        }
        return labels;
    }
}
