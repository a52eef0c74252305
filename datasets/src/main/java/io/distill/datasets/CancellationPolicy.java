package io.distill.datasets;

/**
 * What the Online Retail reader does with cancellation lines (InvoiceNo starting with {@code C}, negative
 * Quantity). Cancellations of anonymous customers are skipped as anonymous either way.
 */
public enum CancellationPolicy {
    /** Skip them, counted as {@link SkipReason#CANCELLATION}. The stream holds only real purchases. */
    DROP,
    /**
     * Emit them as {@code PURCHASE} events whose value is the (negative) quantity and whose context has
     * {@code cancellation=true}. Consumers that ignore the value would read a cancellation as a purchase,
     * so only use this where the value or the context flag is honoured.
     */
    KEEP_AS_EVENTS
}
