package io.distill.app.http;

import io.distill.avro.Recommendation;
import io.distill.avro.ScoredItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test recommendations with fixed timestamps. */
final class Recommendations {
    static final Instant EVENT_TIME = Instant.parse("2026-03-01T12:00:00Z");
    static final Instant GENERATED_AT = Instant.parse("2026-03-01T12:00:01.250Z");

    private Recommendations() {
    }

    /** {@code userId}'s list of {@code items} ("item-a" scored 0.5, ...), model version {@code model}. */
    static Recommendation of(final String userId, final String model, final String eventId, final String... items) {
        final List<ScoredItem> scored = new ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            scored.add(new ScoredItem(items[i], 0.5f / (i + 1)));
        }
        return Recommendation.newBuilder().setUserId(userId).setItems(scored).setModelVersion(model).setSourceEventId(eventId)
            .setEventTimestamp(EVENT_TIME).setGeneratedAt(GENERATED_AT).build();
    }
}
