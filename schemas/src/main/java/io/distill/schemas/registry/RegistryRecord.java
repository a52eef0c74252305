package io.distill.schemas.registry;

import java.util.Objects;

/**
 * One change to a registry's state, in the shape of the records of Confluent's {@code _schemas} topic. An
 * {@link InMemorySchemaRegistry} is the state machine over these: {@link InMemorySchemaRegistry#apply} is
 * idempotent, so replaying a log that contains records already applied changes nothing.
 */
public sealed interface RegistryRecord {

    /** Subject {@code subject} has version {@code version}, which is schema {@code id} (possibly soft-deleted). */
    record SchemaVersion(String subject, int version, int id, String schema, boolean deleted)
            implements RegistryRecord {
        public SchemaVersion {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(schema, "schema");
            if (version < 1 || id < 0) {
                throw new IllegalArgumentException("version must be >= 1 and id >= 0, got " + version + ", " + id);
            }
        }
    }

    /** Version {@code version} of {@code subject} was permanently deleted (a tombstone). The id stays valid. */
    record SchemaVersionRemoved(String subject, int version) implements RegistryRecord {
        public SchemaVersionRemoved {
            Objects.requireNonNull(subject, "subject");
        }
    }

    /** Every version of {@code subject} up to {@code upToVersion} was soft-deleted (Confluent's DELETE_SUBJECT). */
    record SubjectDeleted(String subject, int upToVersion) implements RegistryRecord {
        public SubjectDeleted {
            Objects.requireNonNull(subject, "subject");
        }
    }

    /**
     * The compatibility level of {@code subject}, or the global one when {@code subject} is null; a null
     * {@code level} removes the subject's own level (the global one cannot be removed, only set).
     */
    record CompatibilityConfig(String subject, CompatibilityLevel level) implements RegistryRecord {
        public CompatibilityConfig {
            if (subject == null && level == null) {
                throw new IllegalArgumentException("the global compatibility level cannot be removed");
            }
        }
    }
}
