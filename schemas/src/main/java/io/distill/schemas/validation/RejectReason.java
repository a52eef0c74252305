package io.distill.schemas.validation;

/**
 * Why an input record was rejected to the dead-letter topic. The name is written, as is, into the
 * {@code distill.dlq.reason} header, so these names are part of the contract: add, never rename.
 */
public enum RejectReason {
    /** The value is null or empty (a tombstone has no place in an event log). */
    EMPTY_VALUE,
    /** Fewer bytes than the 5-byte Confluent header, or the Avro body ends early. */
    TRUNCATED,
    /** The first byte is not the Confluent magic byte 0: not written by a schema-registry serializer. */
    BAD_MAGIC_BYTE,
    /** The registry does not know the schema id in the header. */
    UNKNOWN_SCHEMA_ID,
    /** The writer schema cannot be read as an Interaction (a record of another schema). */
    WRONG_SCHEMA,
    /** The Avro body does not decode with its writer schema. */
    MALFORMED_AVRO,
    /** The registry could not be reached to resolve the schema id. */
    REGISTRY_UNAVAILABLE,
    MISSING_EVENT_ID,
    MISSING_USER_ID,
    MISSING_ITEM_ID,
    /** An id longer than {@code validation.max.id.length}. */
    ID_TOO_LONG,
    /** More context entries or characters than allowed. */
    CONTEXT_TOO_LARGE,
    /** The record key is not the event's userId: the user's events would not stay in one partition. */
    KEY_MISMATCH,
    /** A type symbol this version does not know (read as UNKNOWN through the enum default). */
    UNKNOWN_TYPE,
    /** Event time further in the future than {@code validation.max.future.skew.ms}. */
    TIMESTAMP_IN_FUTURE,
    /** Event time before {@code validation.min.timestamp} (2000-01-01 by default). */
    TIMESTAMP_TOO_OLD,
    /** The optional value is NaN or infinite. */
    VALUE_NOT_FINITE,
    /** The eventId was already accepted within the de-duplication window. */
    DUPLICATE_EVENT,
    /** A processor threw on this record: a bug or an input nobody anticipated; the record is kept for replay. */
    PROCESSING_ERROR
}
