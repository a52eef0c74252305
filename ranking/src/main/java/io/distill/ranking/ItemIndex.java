package io.distill.ranking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Append-only mapping between external item ids (strings in every contract) and the dense indices a
 * model uses internally. Indices are assigned in order of first appearance and never reused, so a model
 * that persists its index keeps the same layout across restarts.
 *
 * <p>Not thread-safe: each model owns its index and touches it from one thread.
 */
public final class ItemIndex {
    private final Map<String, Integer> indexById;
    private final List<String> idByIndex;

    public ItemIndex() {
        this(1024);
    }

    public ItemIndex(final int expectedSize) {
        this.indexById = new HashMap<>(Math.max(16, expectedSize * 4 / 3 + 1));
        this.idByIndex = new ArrayList<>(expectedSize);
    }

    /** Index of {@code itemId}, or -1 if the item has never been seen. */
    public int indexOf(final String itemId) {
        final Integer index = indexById.get(itemId);
        return index == null ? -1 : index;
    }

    /** Index of {@code itemId}, assigning the next free index on first sight. */
    public int getOrAdd(final String itemId) {
        final Integer existing = indexById.get(itemId);
        if (existing != null) {
            return existing;
        }
        final int index = idByIndex.size();
        indexById.put(itemId, index);
        idByIndex.add(itemId);
        return index;
    }

    /**
     * Puts {@code itemId} at exactly {@code index}; used when a model restores a persisted index, whose
     * entries may arrive in any order. Gaps are filled as entries arrive.
     *
     * @throws IllegalStateException if the slot or the id is already taken by something else
     */
    public void restore(final String itemId, final int index) {
        final Integer existing = indexById.get(itemId);
        if (existing != null) {
            if (existing != index) {
                throw new IllegalStateException("item " + itemId + " restored at " + index + " but already at " + existing);
            }
            return;
        }
        while (idByIndex.size() <= index) {
            idByIndex.add(null);
        }
        if (idByIndex.get(index) != null) {
            throw new IllegalStateException("index " + index + " restored for " + itemId + " but holds " + idByIndex.get(index));
        }
        idByIndex.set(index, itemId);
        indexById.put(itemId, index);
    }

    /** External id at {@code index}. */
    public String idOf(final int index) {
        return idByIndex.get(index);
    }

    public int size() {
        return idByIndex.size();
    }

    /** True when every index below {@link #size()} is assigned (always, unless a restore is in progress). */
    public boolean isDense() {
        return indexById.size() == idByIndex.size();
    }
}
