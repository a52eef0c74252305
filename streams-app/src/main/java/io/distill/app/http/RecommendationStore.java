package io.distill.app.http;

import io.distill.avro.Recommendation;
import java.util.Objects;

/**
 * Where the edge reads a user's latest recommendations: {@link RecommendationView} in a running process, a fake in
 * tests. Called concurrently by the HTTP threads.
 */
public interface RecommendationStore {

    /** The latest recommendations of {@code userId}, or why there are none. */
    Lookup lookup(String userId);

    /** Whether lookups can be answered now. */
    ComponentHealth health();

    /** The outcome of a lookup. */
    sealed interface Lookup permits Found, NotFound, Unavailable, Unreadable {
    }

    /** The user's latest recommendations. */
    record Found(Recommendation recommendation) implements Lookup {
        public Found {
            Objects.requireNonNull(recommendation, "recommendation");
        }
    }

    /** Nothing is recorded for the user (never recommended to, or deleted by a tombstone). */
    record NotFound() implements Lookup {
    }

    /** The store cannot answer yet or right now (starting, restoring, stopped, registry unreachable). */
    record Unavailable(String reason) implements Lookup {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A value is recorded for the user but cannot be read (not a Recommendation in the wire format). */
    record Unreadable(String reason) implements Lookup {
        public Unreadable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The one {@link NotFound}, so a miss allocates nothing. */
    Lookup NOT_FOUND = new NotFound();
}
