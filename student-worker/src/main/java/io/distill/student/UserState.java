package io.distill.student;

import io.distill.ranking.IntSet;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * The student's state for one user: factors p_u with their Adagrad accumulators, the items the user
 * has interacted with (excluded from recommendations), and how many updates the user has received.
 * Mutable, owned by the task processing that user's partition.
 */
public final class UserState {
    private final float[] factors;
    private final float[] accumulators;
    private final IntSet seen;
    private long updates;

    private UserState(final float[] factors, final float[] accumulators, final IntSet seen, final long updates) {
        this.factors = factors;
        this.accumulators = accumulators;
        this.seen = seen;
        this.updates = updates;
    }

    /** A new user: initial factors derived from the user id, so any replay starts from the same point. */
    public static UserState create(final String userId, final StudentSettings settings) {
        final int d = settings.dimension();
        final float[] factors = new float[d];
        final float[] accumulators = new float[d];
        final SplittableRandom random = Seeds.forId(settings.seed(), "user", userId);
        for (int k = 0; k < d; k++) {
            factors[k] = (float) (random.nextGaussian() * settings.initStd());
            accumulators[k] = settings.adagradInitial();
        }
        return new UserState(factors, accumulators, new IntSet(), 0);
    }

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

    void countUpdate() {
        updates++;
    }

    public byte[] toBytes() {
        final int d = factors.length;
        final ByteBuffer buffer = ByteBuffer.allocate(4 + 8 * d + 8 + 4 + 4 * seen.size());
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
        return buffer.array();
    }

    public static UserState fromBytes(final byte[] bytes, final int expectedDimension) {
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        final int d = buffer.getInt();
        if (d != expectedDimension) {
            throw new IllegalArgumentException("stored user state has dimension " + d + " but the student is configured with "
                + expectedDimension + "; replay into a new application id to change the dimension");
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
        return new UserState(factors, accumulators, seen, updates);
    }
}
