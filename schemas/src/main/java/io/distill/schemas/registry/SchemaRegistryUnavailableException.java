package io.distill.schemas.registry;

/**
 * No registry could be asked: every URL refused the connection, timed out or failed at the transport level,
 * on every attempt. The message names the URLs (without credentials), the number of attempts and the last
 * cause.
 */
public final class SchemaRegistryUnavailableException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public SchemaRegistryUnavailableException(final String registry, final String message, final Throwable cause) {
        super(registry, message, cause);
    }
}
