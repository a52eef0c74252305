package io.distill.schemas.registry;

import java.util.Optional;

/**
 * The error codes of the Confluent Schema Registry REST API that distill produces or interprets, with the
 * HTTP status each travels with. The numeric codes are Confluent's, so clients written for Confluent's
 * registry understand our server's errors and vice versa.
 */
public enum RegistryError {
    /** The subject has no (non-deleted) versions. */
    SUBJECT_NOT_FOUND(40401, 404),
    /** The subject exists but not at that version. */
    VERSION_NOT_FOUND(40402, 404),
    /** No schema has that id, or the schema is not registered under that subject. */
    SCHEMA_NOT_FOUND(40403, 404),
    /** The subject was soft-deleted; a permanent delete is the only operation left. */
    SUBJECT_SOFT_DELETED(40404, 404),
    /** A permanent delete was asked for a subject that was not soft-deleted first. */
    SUBJECT_NOT_SOFT_DELETED(40405, 404),
    /** The version was soft-deleted. */
    VERSION_SOFT_DELETED(40406, 404),
    /** A permanent delete was asked for a version that was not soft-deleted first. */
    VERSION_NOT_SOFT_DELETED(40407, 404),
    /** The subject has no compatibility level of its own. */
    SUBJECT_COMPATIBILITY_NOT_CONFIGURED(40408, 404),
    /** The schema breaks the subject's compatibility level. */
    INCOMPATIBLE_SCHEMA(409, 409),
    /** The schema does not parse, or is of a type this registry does not serve. */
    INVALID_SCHEMA(42201, 422),
    /** The version is neither a positive integer nor "latest". */
    INVALID_VERSION(42202, 422),
    /** The compatibility level is not one of {@link CompatibilityLevel}. */
    INVALID_COMPATIBILITY_LEVEL(42203, 422),
    /** The backing store (the schemas topic) failed. */
    BACKEND_STORE_ERROR(50001, 500),
    /** The backing store did not answer in time. */
    OPERATION_TIMEOUT(50002, 500);

    private final int code;
    private final int httpStatus;

    RegistryError(final int code, final int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** Confluent's {@code error_code}. */
    public int code() {
        return code;
    }

    /** The HTTP status Confluent's registry answers with for this error. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The known error with that {@code error_code}, if any. */
    public static Optional<RegistryError> fromCode(final int code) {
        for (final RegistryError error : values()) {
            if (error.code == code) {
                return Optional.of(error);
            }
        }
        return Optional.empty();
    }
}
