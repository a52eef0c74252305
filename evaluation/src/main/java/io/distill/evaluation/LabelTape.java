package io.distill.evaluation;

import io.distill.avro.Candidate;
import io.distill.avro.InteractionType;
import io.distill.avro.SoftLabel;
import io.distill.ranking.ItemIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The teacher's soft labels for a whole stream, held compactly (ids dictionary-encoded, candidates in
 * flat arrays) so that several students can be trained on the same labels without running the teacher
 * again: the offline counterpart of replaying the {@code soft-labels} topic.
 */
public final class LabelTape {
    private static final InteractionType[] TYPES = InteractionType.values();

    private final ItemIndex items = new ItemIndex(8192);
    private final ItemIndex users = new ItemIndex(8192);
    private final ItemIndex versions = new ItemIndex(64);
    private final List<String> eventIds = new ArrayList<>();
    private int[] user = new int[1024];
    private int[] positive = new int[1024];
    private byte[] type = new byte[1024];
    private int[] teacherRank = new int[1024];
    private float[] temperature = new float[1024];
    private long[] timestamp = new long[1024];
    private int[] version = new int[1024];
    private int[] candidateStart = new int[1025];
    private int[] candidateItem = new int[16384];
    private float[] candidateLogit = new float[16384];
    private int size;

    public void add(final SoftLabel label) {
        if (size == user.length) {
            final int capacity = size * 2;
            user = Arrays.copyOf(user, capacity);
            positive = Arrays.copyOf(positive, capacity);
            type = Arrays.copyOf(type, capacity);
            teacherRank = Arrays.copyOf(teacherRank, capacity);
            temperature = Arrays.copyOf(temperature, capacity);
            timestamp = Arrays.copyOf(timestamp, capacity);
            version = Arrays.copyOf(version, capacity);
            candidateStart = Arrays.copyOf(candidateStart, capacity + 1);
        }
        eventIds.add(label.getEventId());
        user[size] = users.getOrAdd(label.getUserId());
        positive[size] = items.getOrAdd(label.getItemId());
        type[size] = (byte) label.getType().ordinal();
        teacherRank[size] = label.getTeacherRank() == null ? -1 : label.getTeacherRank();
        temperature[size] = label.getTemperature();
        timestamp[size] = label.getEventTimestamp().toEpochMilli();
        version[size] = versions.getOrAdd(label.getTeacherVersion());
        final List<Candidate> candidates = label.getCandidates();
        int at = candidateStart[size];
        if (at + candidates.size() > candidateItem.length) {
            final int capacity = Math.max(at + candidates.size(), candidateItem.length * 2);
            candidateItem = Arrays.copyOf(candidateItem, capacity);
            candidateLogit = Arrays.copyOf(candidateLogit, capacity);
        }
        for (final Candidate candidate : candidates) {
            candidateItem[at] = items.getOrAdd(candidate.getItemId());
            candidateLogit[at] = candidate.getLogit();
            at++;
        }
        size++;
        candidateStart[size] = at;
    }

    public int size() {
        return size;
    }

    /** Event time of label {@code i}, in epoch milliseconds. */
    public long timestamp(final int i) {
        return timestamp[i];
    }

    /** Rebuilds label {@code i} as the student would read it from the soft-labels topic. */
    public SoftLabel get(final int i) {
        final int from = candidateStart[i];
        final int to = candidateStart[i + 1];
        final List<Candidate> candidates = new ArrayList<>(to - from);
        for (int at = from; at < to; at++) {
            candidates.add(new Candidate(items.idOf(candidateItem[at]), candidateLogit[at]));
        }
        final Instant time = Instant.ofEpochMilli(timestamp[i]);
        return new SoftLabel(eventIds.get(i), users.idOf(user[i]), time, items.idOf(positive[i]), TYPES[type[i]],
            versions.idOf(version[i]), temperature[i], candidates, teacherRank[i] < 0 ? null : teacherRank[i], time);
    }
}
