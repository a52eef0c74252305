package io.distill.schemas;

/**
 * Root of every exception distill throws on purpose. Subclasses carry the context an operator needs
 * (topic, partition, offset, model version, registry error code) in their message.
 */
public class DistillException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DistillException(final String message) {
        super(message);
    }

    public DistillException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
