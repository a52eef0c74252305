package io.distill.evaluation;

import io.distill.ranking.RankingMetrics;
import java.util.Arrays;

/**
 * Per evaluated event: its event time and the rank each model gave the item, so quality can be drawn
 * over the stream (sliding windows) after the run. Ranks as ints: 12 bytes per evaluated event.
 */
public final class Curves {
    private long[] time;
    private int[] student;
    private int[] teacher;
    private int[] popularity;
    private int size;

    public Curves(final int expected) {
        final int capacity = Math.max(16, expected);
        time = new long[capacity];
        student = new int[capacity];
        teacher = new int[capacity];
        popularity = new int[capacity];
    }

    void add(final long eventTime, final int studentRank, final int teacherRank, final int popularityRank) {
        if (size == time.length) {
            final int capacity = size * 2;
            time = Arrays.copyOf(time, capacity);
            student = Arrays.copyOf(student, capacity);
            teacher = Arrays.copyOf(teacher, capacity);
            popularity = Arrays.copyOf(popularity, capacity);
        }
        time[size] = eventTime;
        student[size] = studentRank;
        teacher[size] = teacherRank;
        popularity[size] = popularityRank;
        size++;
    }

    public int size() {
        return size;
    }

    public long time(final int i) {
        return time[i];
    }

    public int studentRank(final int i) {
        return student[i];
    }

    public int teacherRank(final int i) {
        return teacher[i];
    }

    public int popularityRank(final int i) {
        return popularity[i];
    }

    /**
     * NDCG@10 over a sliding window of {@code window} evaluated events, sampled every {@code step} events:
     * {@code result[p]} is the mean over events {@code [p*step, p*step + window)}.
     */
    public static double[] slidingNdcg(final int[] ranks, final int size, final int window, final int step) {
        if (size < window) {
            return new double[0];
        }
        final int points = (size - window) / step + 1;
        final double[] out = new double[points];
        final double[] prefix = new double[size + 1];
        for (int i = 0; i < size; i++) {
            prefix[i + 1] = prefix[i] + RankingMetrics.ndcg(ranks[i], RankingMetrics.CUTOFF);
        }
        for (int p = 0; p < points; p++) {
            final int from = p * step;
            out[p] = (prefix[from + window] - prefix[from]) / window;
        }
        return out;
    }

    int[] studentRanks() {
        return student;
    }

    int[] teacherRanks() {
        return teacher;
    }

    int[] popularityRanks() {
        return popularity;
    }

    long[] times() {
        return time;
    }
}
