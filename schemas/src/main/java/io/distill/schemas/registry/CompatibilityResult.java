package io.distill.schemas.registry;

import java.util.List;

/**
 * Outcome of a compatibility test: whether the schema may be registered, and, when not, the registry's
 * explanations (empty when compatible or when the registry gave none).
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {
    private static final CompatibilityResult COMPATIBLE = new CompatibilityResult(true, List.of());

    public CompatibilityResult {
        messages = List.copyOf(messages);
    }

    /** A compatible result without messages. */
    public static CompatibilityResult compatibleResult() {
        return COMPATIBLE;
    }
}
