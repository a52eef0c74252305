package io.distill.student;

import io.distill.avro.DistillMetrics;
import io.distill.avro.ModelQuality;
import io.distill.ranking.Quality;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Online metrics of one task over a window of consecutive events: what goes into one
 * {@code distill-metrics} record. Sums only, so windows and tasks aggregate exactly, and the offline
 * replay can be compared with the live pipeline number for number. Persisted with the model (in the
 * same transaction), so a crash neither loses nor double-counts a window's events.
 */
public final class MetricsWindow {
    private long window;
    private long events;
    private long start;
    private long end;
    private double lossSum;
    private final Quality student = new Quality();
    private final Quality teacher = new Quality();
    private final Quality popularity = new Quality();
    private double agreementSum;
    private long lagSum;
    private long lagMax;

    /** Adds one event's observation, with its event time and processing lag. */
    public void add(final Observation observation, final long eventTime, final long lagMs) {
        if (events == 0) {
            start = eventTime;
        }
        end = eventTime;
        events++;
        lossSum += observation.loss();
        if (observation.evaluated()) {
            student.record(observation.studentRank());
            teacher.record(observation.teacherRank());
            popularity.record(observation.popularityRank());
        }
        if (!Double.isNaN(observation.agreement())) {
            agreementSum += observation.agreement();
        }
        lagSum += lagMs;
        lagMax = Math.max(lagMax, lagMs);
    }

    public long events() {
        return events;
    }

    /** Event time of the window's latest event, in epoch milliseconds. */
    public long endEventTime() {
        return end;
    }

    public long index() {
        return window;
    }

    /** The record for this window; then the window restarts empty, with the next index. */
    public DistillMetrics emit(final String worker, final String task, final String modelVersion, final Instant emittedAt) {
        final DistillMetrics metrics = new DistillMetrics(worker, task, window, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end),
            events, lossSum, quality(student), quality(teacher), quality(popularity), agreementSum, lagSum, lagMax, modelVersion,
            emittedAt);
        window++;
        events = 0;
        start = 0;
        end = 0;
        lossSum = 0;
        student.reset();
        teacher.reset();
        popularity.reset();
        agreementSum = 0;
        lagSum = 0;
        lagMax = 0;
        return metrics;
    }

    private static ModelQuality quality(final Quality quality) {
        return new ModelQuality(quality.evaluated(), quality.hits(), quality.ndcgSum(), quality.reciprocalRankSum());
    }

    /** window, events, start, end, lossSum; three qualities of four 8-byte sums; agreementSum, lagSum, lagMax. */
    private static final int BYTES = 5 * 8 + 3 * 4 * 8 + 3 * 8;

    public byte[] toBytes() {
        final ByteBuffer buffer = ByteBuffer.allocate(BYTES);
        buffer.putLong(window).putLong(events).putLong(start).putLong(end).putDouble(lossSum);
        for (final Quality quality : new Quality[] {student, teacher, popularity}) {
            buffer.putLong(quality.evaluated()).putLong(quality.hits()).putDouble(quality.ndcgSum())
                .putDouble(quality.reciprocalRankSum());
        }
        buffer.putDouble(agreementSum).putLong(lagSum).putLong(lagMax);
        return buffer.array();
    }

    public static MetricsWindow fromBytes(final byte[] bytes) {
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        final MetricsWindow w = new MetricsWindow();
        w.window = buffer.getLong();
        w.events = buffer.getLong();
        w.start = buffer.getLong();
        w.end = buffer.getLong();
        w.lossSum = buffer.getDouble();
        for (final Quality quality : new Quality[] {w.student, w.teacher, w.popularity}) {
            quality.add(buffer.getLong(), buffer.getLong(), buffer.getDouble(), buffer.getDouble());
        }
        w.agreementSum = buffer.getDouble();
        w.lagSum = buffer.getLong();
        w.lagMax = buffer.getLong();
        return w;
    }
}
