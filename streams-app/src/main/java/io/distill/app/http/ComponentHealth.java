package io.distill.app.http;

import java.util.Objects;

/**
 * What one part of the process says about itself on {@code GET /health}.
 *
 * @param up     whether it can do its job now
 * @param state  a short state name, e.g. Kafka Streams' {@code RUNNING}
 * @param detail why it is down, or null
 */
public record ComponentHealth(boolean up, String state, String detail) {

    public ComponentHealth {
        Objects.requireNonNull(state, "state");
    }

    /** Up, in {@code state}. */
    public static ComponentHealth up(final String state) {
        return new ComponentHealth(true, state, null);
    }

    /** Down, in {@code state}, because of {@code detail}. */
    public static ComponentHealth down(final String state, final String detail) {
        return new ComponentHealth(false, state, detail);
    }
}
