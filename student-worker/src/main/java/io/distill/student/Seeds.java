package io.distill.student;

import java.util.SplittableRandom;

/**
 * Randomness derived from ids, not from arrival order: an item's initial factors depend only on its id
 * and the seed, so a replay, a restart or another partitioning initialises it identically.
 */
final class Seeds {
    private Seeds() {
    }

    static SplittableRandom forId(final long seed, final String kind, final String id) {
        long h = seed * 0x9E3779B97F4A7C15L;
        h ^= kind.hashCode() * 0xC2B2AE3D27D4EB4FL;
        h ^= id.hashCode() * 0x165667B19E3779F9L;
        return new SplittableRandom(h);
    }
}
