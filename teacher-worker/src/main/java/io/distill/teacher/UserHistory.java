package io.distill.teacher;

import java.util.Arrays;

/**
 * What the teacher knows about one user: the items they interacted with (teacher catalogue indices, in
 * first-seen order) and the accumulated interaction weight of each. Open addressing keeps lookups
 * allocation-free on the per-event path.
 */
final class UserHistory {
    private static final int FREE = -1;
    private int[] items = new int[4];
    private float[] weights = new float[4];
    /** The user's event count when each item was last interacted with. */
    private int[] last = new int[4];
    private int size;
    private int events;
    /** Every event of the user, in order: item and interaction weight (the next-item term of the fit needs order). */
    private int[] sequence = new int[4];
    private float[] sequenceWeights = new float[4];
    private int[] slots = newSlots(8);

    /** Adds {@code weight} to the user's cell for {@code item}; returns true if the item is new to the user. */
    boolean add(final int item, final float weight) {
        if (events == sequence.length) {
            sequence = Arrays.copyOf(sequence, events * 2);
            sequenceWeights = Arrays.copyOf(sequenceWeights, events * 2);
        }
        sequence[events] = item;
        sequenceWeights[events] = weight;
        events++;
        final int position = find(item);
        if (position >= 0) {
            weights[position] += weight;
            last[position] = events;
            return false;
        }
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
            weights = Arrays.copyOf(weights, size * 2);
            last = Arrays.copyOf(last, size * 2);
        }
        items[size] = item;
        weights[size] = weight;
        last[size] = events;
        size++;
        if (size * 4 > slots.length * 3) {
            rehash(slots.length * 2);
        } else {
            insertSlot(size - 1);
        }
        return true;
    }

    boolean contains(final int item) {
        return find(item) >= 0;
    }

    int size() {
        return size;
    }

    int item(final int i) {
        return items[i];
    }

    float weight(final int i) {
        return weights[i];
    }

    /** Events of the user so far. */
    int events() {
        return events;
    }

    /** Item of the user's t-th event. */
    int eventItem(final int t) {
        return sequence[t];
    }

    /** Interaction weight of the user's t-th event. */
    float eventWeight(final int t) {
        return sequenceWeights[t];
    }

    /** How many of the user's events came after the last interaction with the i-th item (0: the latest). */
    int age(final int i) {
        return events - last[i];
    }

    /** Position of {@code item} in insertion order, or -1. */
    private int find(final int item) {
        final int mask = slots.length - 1;
        int slot = mix(item) & mask;
        while (slots[slot] != FREE) {
            final int position = slots[slot];
            if (items[position] == item) {
                return position;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private void insertSlot(final int position) {
        final int mask = slots.length - 1;
        int slot = mix(items[position]) & mask;
        while (slots[slot] != FREE) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = position;
    }

    private void rehash(final int capacity) {
        slots = newSlots(capacity);
        for (int i = 0; i < size; i++) {
            insertSlot(i);
        }
    }

    private static int[] newSlots(final int capacity) {
        final int[] fresh = new int[capacity];
        Arrays.fill(fresh, FREE);
        return fresh;
    }

    private static int mix(final int value) {
        final int h = value * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
