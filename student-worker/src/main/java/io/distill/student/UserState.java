package io.distill.student;

import io.distill.ranking.IntSet;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The student's state for one user: free factors e_u with their Adagrad accumulators, the user's most
 * recent distinct items (whose context factors form the rest of the user representation), every item
 * the user has interacted with (excluded from recommendations), and how many updates the user has
 * received. Mutable, owned by the task processing that user's partition.
 */
public final class UserState {
    private final float[] factors;
    private final float[] accumulators;
    private final IntSet seen;
    /** Ring buffer of recent distinct items, oldest first from {@code head}. */
    private final int[] recent;
    private int recentCount;
    private int head;
    private long updates;

    private UserState(final float[] factors, final float[] accumulators, final IntSet seen, final int[] recent, final int recentCount,
                      final int head, final long updates) {
        this.factors = factors;
        this.accumulators = accumulators;
        this.seen = seen;
        this.recent = recent;
        this.recentCount = recentCount;
        this.head = head;
        this.updates = updates;
    }

    /** A new user: initial factors derived from the user id, so any replay starts from the same point. */
    public static UserState create(final String userId, final StudentSettings settings) {
        final int d = settings.dimension();
        final float[] factors = new float[d];
        final float[] accumulators = new float[d];
        if (settings.userFactors()) {
            final SplittableRandom random = Seeds.forId(settings.seed(), "user", userId);
            for (int k = 0; k < d; k++) {
                factors[k] = (float) (random.nextGaussian() * settings.initStd());
            }
        }
        Arrays.fill(accumulators, settings.adagradInitial());
        return new UserState(factors, accumulators, new IntSet(), new int[settings.historyLength()], 0, 0, 0);
    }

    /** The free part of the user's factors, e_u. */
    public float[] factors() {
        return factors;
    }

    float[] accumulators() {
        return accumulators;
    }

    public IntSet seen() {
        return seen;
    }

    public long updates() {
        return updates;
    }

    /** Number of recent items in the user representation. */
    int recentCount() {
        return recentCount;
    }

    /** The i-th recent item, oldest first. */
    int recent(final int i) {
        return recent[(head + i) % recent.length];
    }

    /** Remembers {@code item} as the most recent one, evicting the oldest when full; repeats are ignored. */
    void remember(final int item) {
        if (recent.length == 0) {
            return;
        }
        for (int i = 0; i < recentCount; i++) {
            if (recent(i) == item) {
                return;
            }
        }
        if (recentCount < recent.length) {
            recent[(head + recentCount) % recent.length] = item;
            recentCount++;
        } else {
            recent[head] = item;
            head = (head + 1) % recent.length;
        }
    }

    void countUpdate() {
        updates++;
    }

    public byte[] toBytes() {
        final int d = factors.length;
        final ByteBuffer buffer = ByteBuffer.allocate(4 + 8 * d + 8 + 4 + 4 * seen.size() + 8 + 4 * recentCount);
        buffer.putInt(d);
        for (final float f : factors) {
            buffer.putFloat(f);
        }
        for (final float a : accumulators) {
            buffer.putFloat(a);
        }
        buffer.putLong(updates).putInt(seen.size());
        for (int i = 0; i < seen.size(); i++) {
            buffer.putInt(seen.get(i));
        }
        buffer.putInt(recent.length).putInt(recentCount);
        for (int i = 0; i < recentCount; i++) {
            buffer.putInt(recent(i));
        }
        return buffer.array();
    }

    public static UserState fromBytes(final byte[] bytes, final StudentSettings settings) {
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        final int d = buffer.getInt();
        if (d != settings.dimension()) {
            throw new IllegalArgumentException("stored user state has dimension " + d + " but the student is configured with "
                + settings.dimension() + "; replay into a new application id to change the dimension");
        }
        final float[] factors = new float[d];
        final float[] accumulators = new float[d];
        for (int k = 0; k < d; k++) {
            factors[k] = buffer.getFloat();
        }
        for (int k = 0; k < d; k++) {
            accumulators[k] = buffer.getFloat();
        }
        final long updates = buffer.getLong();
        final int seenCount = buffer.getInt();
        final IntSet seen = new IntSet(seenCount);
        for (int i = 0; i < seenCount; i++) {
            seen.add(buffer.getInt());
        }
        final int storedLength = buffer.getInt();
        if (storedLength != settings.historyLength()) {
            throw new IllegalArgumentException("stored user state has history length " + storedLength
                + " but the student is configured with " + settings.historyLength()
                + "; replay into a new application id to change it");
        }
        final int recentCount = buffer.getInt();
        final int[] recent = new int[storedLength];
        for (int i = 0; i < recentCount; i++) {
            recent[i] = buffer.getInt();
        }
        return new UserState(factors, accumulators, seen, recent, recentCount, 0, updates);
    }
}
