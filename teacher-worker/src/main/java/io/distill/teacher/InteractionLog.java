package io.distill.teacher;

import io.distill.ranking.ItemIndex;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the teacher has learnt from the interaction stream so far: per-user histories, and how
 * often each item occurred. It is the teacher's only mutable state, and it is a pure function of the
 * prefix of {@code interactions-valid} consumed so far, so a restarted worker rebuilds it by replaying
 * that prefix. Owned by the labelling thread; fits work on immutable {@link #snapshot() snapshots}.
 */
public final class InteractionLog {
    private final ItemIndex items = new ItemIndex(4096);
    private final Map<String, UserHistory> users = new LinkedHashMap<>();
    private float[] itemCounts = new float[4096];
    private long events;

    /**
     * Records that {@code userId} interacted with {@code itemId} with the given weight.
     *
     * @return the teacher catalogue index of the item
     */
    public int record(final String userId, final String itemId, final float weight) {
        final int item = items.getOrAdd(itemId);
        if (item >= itemCounts.length) {
            itemCounts = Arrays.copyOf(itemCounts, Math.max(item + 1, itemCounts.length * 2));
        }
        itemCounts[item] += 1f;
        users.computeIfAbsent(userId, u -> new UserHistory()).add(item, weight);
        events++;
        return item;
    }

    /** The user's history, or null for a user never seen. */
    UserHistory history(final String userId) {
        return users.get(userId);
    }

    public ItemIndex items() {
        return items;
    }

    /** Occurrences of the item with catalogue index {@code item}. */
    public float itemCount(final int item) {
        return item < items.size() ? itemCounts[item] : 0f;
    }

    public long events() {
        return events;
    }

    public int userCount() {
        return users.size();
    }

    /** {@link #snapshot(boolean)} without the event sequences. */
    public LogSnapshot snapshot() {
        return snapshot(false);
    }

    /**
     * An immutable copy of the log in compressed-sparse-row form, for a fit running on another thread
     * while this log keeps changing. Cost O(users + non-zeros), plus O(events) with sequences.
     */
    public LogSnapshot snapshot(final boolean withSequences) {
        int nonZeros = 0;
        for (final UserHistory history : users.values()) {
            nonZeros += history.size();
        }
        final int[] rowStart = new int[users.size() + 1];
        final int[] columns = new int[nonZeros];
        final float[] values = new float[nonZeros];
        int row = 0;
        int at = 0;
        for (final UserHistory history : users.values()) {
            rowStart[row++] = at;
            for (int i = 0; i < history.size(); i++) {
                columns[at] = history.item(i);
                values[at] = history.weight(i);
                at++;
            }
        }
        rowStart[row] = at;
        final String[] itemIds = new String[items.size()];
        for (int i = 0; i < itemIds.length; i++) {
            itemIds[i] = items.idOf(i);
        }
        int[] eventStart = new int[0];
        int[] eventItems = new int[0];
        float[] eventWeights = new float[0];
        if (withSequences) {
            eventStart = new int[users.size() + 1];
            eventItems = new int[Math.toIntExact(events)];
            eventWeights = new float[eventItems.length];
            int user = 0;
            int next = 0;
            for (final UserHistory history : users.values()) {
                eventStart[user++] = next;
                for (int t = 0; t < history.events(); t++) {
                    eventItems[next] = history.eventItem(t);
                    eventWeights[next] = history.eventWeight(t);
                    next++;
                }
            }
            eventStart[user] = next;
        }
        return new LogSnapshot(events, itemIds, Arrays.copyOf(itemCounts, itemIds.length), rowStart, columns, values, eventStart,
            eventItems, eventWeights);
    }
}
