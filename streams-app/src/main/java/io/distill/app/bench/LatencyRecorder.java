package io.distill.app.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Send times of a paced run's events and, as their recommendations arrive, their latencies. Event timestamps are
 * synthetic (days apart in event time), so latency is measured against the wall time each event was handed to the
 * producer, looked up by eventId. One thread may record sends while another records arrivals.
 */
final class LatencyRecorder {
    private static final long UNSET = Long.MIN_VALUE;

    private final Map<String, Integer> indexByEventId;
    private final AtomicLongArray sentMillis;
    private final long[] generated;
    private final long[] received;
    private final boolean[] seen;
    private int count;
    private long unknown;

    /** @param eventIds the run's events, in the order they are sent */
    LatencyRecorder(final List<String> eventIds) {
        this.indexByEventId = new HashMap<>(eventIds.size() * 2);
        for (int i = 0; i < eventIds.size(); i++) {
            if (indexByEventId.put(Objects.requireNonNull(eventIds.get(i), "eventId"), i) != null) {
                throw new IllegalArgumentException("eventId " + eventIds.get(i) + " occurs twice");
            }
        }
        this.sentMillis = new AtomicLongArray(eventIds.size());
        for (int i = 0; i < eventIds.size(); i++) {
            sentMillis.set(i, UNSET);
        }
        this.generated = new long[eventIds.size()];
        this.received = new long[eventIds.size()];
        this.seen = new boolean[eventIds.size()];
    }

    /** The {@code index}-th event was handed to the producer at {@code wallMillis}. */
    void sent(final int index, final long wallMillis) {
        sentMillis.set(index, wallMillis);
    }

    /**
     * The recommendation triggered by {@code eventId} arrived. The first arrival per event counts; a repeat, an event
     * of another run or one not sent yet is ignored.
     *
     * @param generatedAtMillis the recommendation's {@code generatedAt}
     * @param receivedMillis    wall time it was read
     * @return whether it counted
     */
    synchronized boolean received(final String eventId, final long generatedAtMillis, final long receivedMillis) {
        final Integer index = indexByEventId.get(eventId);
        if (index == null || seen[index] || sentMillis.get(index) == UNSET) {
            unknown++;
            return false;
        }
        final long sent = sentMillis.get(index);
        seen[index] = true;
        generated[count] = generatedAtMillis - sent;
        received[count] = receivedMillis - sent;
        count++;
        return true;
    }

    /** Events whose recommendation has arrived. */
    synchronized int count() {
        return count;
    }

    /** Arrivals that did not count (repeats, unknown or unsent events). */
    synchronized long ignored() {
        return unknown;
    }

    /** Percentiles of generatedAt − sent over the arrivals so far; at least one must have counted. */
    synchronized Percentiles generated() {
        return Percentiles.of(Arrays.copyOf(generated, count));
    }

    /** Percentiles of received − sent over the arrivals so far; at least one must have counted. */
    synchronized Percentiles received() {
        return Percentiles.of(Arrays.copyOf(received, count));
    }
}
