package io.distill.schemas.registry;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where an {@link InMemorySchemaRegistry} makes its changes durable before applying them. The registry calls
 * both methods under its write lock, one change at a time: first {@link #catchUp} (to learn what was written
 * since, including writes whose outcome was unknown), then plans the change on the resulting state, then
 * {@link #append}, and applies the records only when append returned.
 */
public interface RegistryJournal {

    /** A journal that keeps nothing: the registry lives in memory only. */
    RegistryJournal NONE = records -> { };

    /**
     * Feeds {@code apply} every record written since the last call (all of them on the first call). Records the
     * registry has already applied may come again; applying is idempotent.
     *
     * @throws SchemaRegistryException when the journal cannot be read (the change is then refused)
     */
    default void catchUp(final Consumer<RegistryRecord> apply) {
    }

    /**
     * Makes the records durable, in order, and returns only once they are.
     *
     * @throws SchemaRegistryException when they could not be written; the registry then does not apply them
     */
    void append(List<RegistryRecord> records);
}
