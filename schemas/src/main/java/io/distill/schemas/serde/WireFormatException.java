package io.distill.schemas.serde;

import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be written or read in the Confluent wire format. The {@link Reason} says why, in a form
 * a dead-letter policy can act on; the message names the cause, the topic and the schema id.
 */
public final class WireFormatException extends SerializationException {
    private static final long serialVersionUID = 1L;

    /** {@link #schemaId()} when the record's schema id is not known (e.g. the header was unreadable). */
    public static final int NO_SCHEMA_ID = -1;

    /**
     * Why a record failed. The constants are a stable contract (dead-letter reasons are derived from their
     * names): new ones may be added, existing ones are never renamed or given another meaning.
     */
    public enum Reason {
        /** Read: fewer bytes than the 5-byte header, or the Avro body ends before the record does. */
        TRUNCATED,
        /** Read: the first byte is not the magic byte 0, so this is not Confluent wire format. */
        BAD_MAGIC_BYTE,
        /** Read: the registry does not know the schema id in the header (Confluent error 40403). */
        UNKNOWN_SCHEMA_ID,
        /**
         * Read: the writer schema cannot be resolved to the reader schema (e.g. a record of another type, an
         * incompatible change, or no class for it); or the registry's schema for the id is not Avro. Write:
         * with {@code use.latest.version}, the record's schema differs from the subject's latest version.
         */
        SCHEMA_MISMATCH,
        /** Read: the body does not decode with the writer schema, or bytes are left after the record. */
        MALFORMED_AVRO,
        /**
         * Read or write: the registry could not be used: unreachable, timed out, answered 5xx, 408 or 429, or
         * refused our credentials (401, 403); on read also any other registry failure that is not about the
         * id. The record itself may be fine: retrying later (or after fixing the credentials) can succeed.
         */
        REGISTRY_UNAVAILABLE,
        /**
         * Write: the registry refused the schema (incompatible with the subject, invalid, or not registered
         * while {@code auto.register.schemas=false}).
         */
        REGISTRY_REJECTED,
        /** Write: the value does not match its own schema (e.g. null in a non-null field), or is not Avro. */
        INVALID_DATUM
    }

    private final Reason reason;
    private final String topic;
    private final int schemaId;

    /**
     * @param reason   why
     * @param topic    the topic of the record
     * @param schemaId the schema id of the record, or {@link #NO_SCHEMA_ID}
     * @param detail   what went wrong, naming the cause
     * @param cause    the underlying exception, or null
     */
    public WireFormatException(final Reason reason, final String topic, final int schemaId, final String detail,
                               final Throwable cause) {
        super(reason + ": " + detail + " (topic '" + topic + "', "
                + (schemaId == NO_SCHEMA_ID ? "no schema id" : "schema id " + schemaId) + ")", cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.topic = topic;
        this.schemaId = schemaId;
    }

    /** Why the record failed. */
    public Reason reason() {
        return reason;
    }

    /** The record's topic. */
    public String topic() {
        return topic;
    }

    /** The schema id of the record, or {@link #NO_SCHEMA_ID}. */
    public int schemaId() {
        return schemaId;
    }

    /** True when the same record may succeed later ({@link Reason#REGISTRY_UNAVAILABLE}). */
    public boolean isRetriable() {
        return reason == Reason.REGISTRY_UNAVAILABLE;
    }
}
