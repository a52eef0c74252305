package io.distill.stack;

import io.distill.schemas.DistillException;

/**
 * A failure of the local stack: a broker that does not start or stop, a port already taken, a topic
 * that cannot be provisioned or exists with an incompatible layout. The message names what failed and,
 * for a broker, ends with the tail of its log.
 */
public class LocalStackException extends DistillException {
    private static final long serialVersionUID = 1L;

    public LocalStackException(final String message) {
        super(message);
    }

    public LocalStackException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
