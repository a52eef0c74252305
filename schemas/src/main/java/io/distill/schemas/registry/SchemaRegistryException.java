package io.distill.schemas.registry;

import io.distill.schemas.DistillException;

/**
 * A schema registry answered with an error, or could not be asked. Carries the HTTP status, Confluent's
 * {@code error_code} and the registry's own message, e.g.
 * {@code Schema registry at http://x: error 40403 Schema 7 not found}.
 *
 * <p>{@link #httpStatus()} and {@link #errorCode()} are {@link #NO_CODE} when no registry answered (see
 * {@link SchemaRegistryUnavailableException}).
 */
public class SchemaRegistryException extends DistillException {
    private static final long serialVersionUID = 1L;

    /** Status and code of an error that did not come from a registry's answer. */
    public static final int NO_CODE = -1;

    private final String registry;
    private final int httpStatus;
    private final int errorCode;
    private final String registryMessage;

    /**
     * An error the registry answered with.
     *
     * @param registry        where the registry is, already free of credentials (a URL or a description)
     * @param httpStatus      the HTTP status of the answer
     * @param errorCode       Confluent's {@code error_code} (the HTTP status when the body had none)
     * @param registryMessage the registry's {@code message}
     */
    public SchemaRegistryException(final String registry, final int httpStatus, final int errorCode,
                                   final String registryMessage) {
        super("Schema registry at " + registry + ": error " + errorCode + " " + registryMessage);
        this.registry = registry;
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.registryMessage = registryMessage;
    }

    /** An error with a known Confluent code. */
    public SchemaRegistryException(final String registry, final RegistryError error, final String registryMessage) {
        this(registry, error.httpStatus(), error.code(), registryMessage);
    }

    /** A failure before or outside any registry answer. */
    protected SchemaRegistryException(final String registry, final String message, final Throwable cause) {
        super(message, cause);
        this.registry = registry;
        this.httpStatus = NO_CODE;
        this.errorCode = NO_CODE;
        this.registryMessage = message;
    }

    /** Where the registry is (a URL without credentials, or a description such as {@code mock://scope}). */
    public String registry() {
        return registry;
    }

    /** HTTP status of the registry's answer, or {@link #NO_CODE}. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent's {@code error_code} (e.g. 40403), or {@link #NO_CODE}. */
    public int errorCode() {
        return errorCode;
    }

    /** The registry's own {@code message}, without the prefix this exception adds. */
    public String registryMessage() {
        return registryMessage;
    }

    /** True when this is the given Confluent error. */
    public boolean is(final RegistryError error) {
        return errorCode == error.code();
    }

    /**
     * True when asking again later may succeed: the registry was unreachable, timed out, answered 5xx or asked
     * us to slow down (429). False for answers about the request itself (not found, incompatible, invalid).
     */
    public boolean isRetriable() {
        return httpStatus == NO_CODE || httpStatus >= 500 || httpStatus == 429 || httpStatus == 408;
    }
}
