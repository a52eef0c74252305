package io.distill.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry API distill uses. Implemented over HTTP by
 * {@link RestSchemaRegistryClient} and in memory by {@link InMemorySchemaRegistry}; get one from
 * {@link SchemaRegistryClients#create}. Implementations are thread-safe. Every method throws
 * {@link SchemaRegistryException} when the registry refuses or cannot be reached.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /**
     * Registers the schema under the subject (a new version if it is new to the subject and passes the
     * subject's compatibility level) and returns its global id; registering an already-registered schema
     * returns the existing id. Fails with {@link RegistryError#INCOMPATIBLE_SCHEMA} when incompatible.
     */
    int register(String subject, Schema schema);

    /**
     * The id of a schema already registered under the subject, without registering it. Fails with
     * {@link RegistryError#SUBJECT_NOT_FOUND} or {@link RegistryError#SCHEMA_NOT_FOUND}.
     */
    int getId(String subject, Schema schema);

    /** Subject, version and id of a schema already registered under the subject (Confluent's lookup). */
    SchemaMetadata lookUpSchema(String subject, Schema schema);

    /** The schema with that global id. Fails with {@link RegistryError#SCHEMA_NOT_FOUND}. */
    Schema getSchemaById(int id);

    /** The latest live version of the subject. */
    SchemaMetadata getLatestSchemaMetadata(String subject);

    /** The given version of the subject. */
    SchemaMetadata getSchemaMetadata(String subject, int version);

    /** Whether the schema is compatible with the subject's latest version under the subject's level. */
    default boolean testCompatibility(final String subject, final Schema schema) {
        return testCompatibilityVerbose(subject, schema).compatible();
    }

    /**
     * Like {@link #testCompatibility} with the registry's explanations. A subject without versions accepts
     * any schema.
     */
    CompatibilityResult testCompatibilityVerbose(String subject, Schema schema);

    /** Subjects that have at least one live version, sorted. */
    List<String> getAllSubjects();

    /** Live versions of the subject, ascending. */
    List<Integer> getAllVersions(String subject);

    /**
     * The compatibility level in force for the subject (its own, else the global one), or the global level when
     * {@code subject} is null.
     */
    CompatibilityLevel getCompatibility(String subject);

    /** Sets the subject's level, or the global one when {@code subject} is null; returns the level set. */
    CompatibilityLevel updateCompatibility(String subject, CompatibilityLevel level);

    /** Soft-deletes every version of the subject; returns the versions deleted. Ids stay readable. */
    List<Integer> deleteSubject(String subject);

    /** Releases connections and threads; the default holds none. */
    @Override
    default void close() {
    }
}
