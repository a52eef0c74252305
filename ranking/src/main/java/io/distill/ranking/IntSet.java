package io.distill.ranking;

import java.util.Arrays;

/**
 * A set of non-negative ints with open addressing: the per-user "seen items" of every model, kept
 * without boxing because it is consulted on every event.
 */
public final class IntSet {
    private static final int FREE = -1;
    private int[] slots;
    private int size;
    /** Insertion order, so iteration (and serialisation) is deterministic. */
    private int[] order;

    public IntSet() {
        this(8);
    }

    public IntSet(final int expected) {
        int capacity = 16;
        while (capacity * 3 < expected * 4) {
            capacity <<= 1;
        }
        slots = new int[capacity];
        Arrays.fill(slots, FREE);
        order = new int[Math.max(4, expected)];
    }

    public static IntSet of(final int[] values, final int count) {
        final IntSet set = new IntSet(count);
        for (int i = 0; i < count; i++) {
            set.add(values[i]);
        }
        return set;
    }

    /** Adds {@code value}; returns false if it was already present. */
    public boolean add(final int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        if ((size + 1) * 4 > slots.length * 3) {
            grow();
        }
        final int mask = slots.length - 1;
        int slot = mix(value) & mask;
        while (slots[slot] != FREE) {
            if (slots[slot] == value) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        slots[slot] = value;
        if (size == order.length) {
            order = Arrays.copyOf(order, order.length * 2);
        }
        order[size++] = value;
        return true;
    }

    public boolean contains(final int value) {
        if (value < 0) {
            return false;
        }
        final int mask = slots.length - 1;
        int slot = mix(value) & mask;
        while (slots[slot] != FREE) {
            if (slots[slot] == value) {
                return true;
            }
            slot = (slot + 1) & mask;
        }
        return false;
    }

    public int size() {
        return size;
    }

    /** Empties the set, keeping its capacity. */
    public void clear() {
        Arrays.fill(slots, FREE);
        size = 0;
    }

    /** The i-th element in insertion order. */
    public int get(final int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return order[i];
    }

    /** A copy of the elements in insertion order. */
    public int[] toArray() {
        return Arrays.copyOf(order, size);
    }

    private void grow() {
        final int[] old = slots;
        slots = new int[old.length * 2];
        Arrays.fill(slots, FREE);
        final int mask = slots.length - 1;
        for (int i = 0; i < size; i++) {
            int slot = mix(order[i]) & mask;
            while (slots[slot] != FREE) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = order[i];
        }
    }

    private static int mix(final int value) {
        final int h = value * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
