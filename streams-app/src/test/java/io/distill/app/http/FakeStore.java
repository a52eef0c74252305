package io.distill.app.http;

import io.distill.avro.Recommendation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A recommendation store in memory, with a switch that makes it unavailable or unreadable. */
final class FakeStore implements RecommendationStore {
    private final Map<String, Recommendation> byUser = new ConcurrentHashMap<>();
    private volatile Lookup override;

    FakeStore put(final Recommendation recommendation) {
        byUser.put(recommendation.getUserId(), recommendation);
        return this;
    }

    /** Every lookup answers {@code lookup} until {@link #heal()}. */
    void failWith(final Lookup lookup) {
        this.override = lookup;
    }

    void heal() {
        this.override = null;
    }

    @Override
    public Lookup lookup(final String userId) {
        final Lookup forced = override;
        if (forced != null) {
            return forced;
        }
        final Recommendation found = byUser.get(userId);
        return found == null ? NOT_FOUND : new Found(found);
    }

    @Override
    public ComponentHealth health() {
        return override instanceof Unavailable unavailable ? ComponentHealth.down("REBALANCING", unavailable.reason())
            : ComponentHealth.up("RUNNING");
    }
}
