package io.distill.app.demo;

import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import io.distill.schemas.validation.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Deliberately bad records mixed into the demo's stream, so the dead-letter path shows in the summary: after every
 * {@code 1000 / perThousand} good events (the first after half that), one bad record, the kinds taking turns. Each is
 * made from the good event just sent, keyed by its user, so it lands in the same partition:
 *
 * <ul>
 *   <li>{@link Kind#NOT_AVRO}: a line of text instead of Avro, dead-lettered as {@code BAD_MAGIC_BYTE};</li>
 *   <li>{@link Kind#MISSING_USER_ID}: the event with a blank userId and an eventId of its own, {@code MISSING_USER_ID};</li>
 *   <li>{@link Kind#UNKNOWN_TYPE}: the event with type {@code UNKNOWN} (what a newer producer's type decodes as) and
 *       an eventId of its own, {@code UNKNOWN_TYPE};</li>
 *   <li>{@link Kind#DUPLICATE}: the very same record sent again (a producer retry), {@code DUPLICATE_EVENT}.</li>
 * </ul>
 *
 * None of them is valid, so the valid events are exactly the good ones. Not thread-safe.
 */
public final class BadEvents {
    /** Most bad records per 1000 good events: one after every good event. */
    public static final int MAX_PER_THOUSAND = 1000;

    /** The kinds of bad record, in the order they take turns, with the reason the ingest gives each. */
    public enum Kind {
        /** Text bytes instead of the Confluent wire format. */
        NOT_AVRO(RejectReason.BAD_MAGIC_BYTE),
        /** A decodable interaction whose userId is blank. */
        MISSING_USER_ID(RejectReason.MISSING_USER_ID),
        /** A decodable interaction of type {@code UNKNOWN}. */
        UNKNOWN_TYPE(RejectReason.UNKNOWN_TYPE),
        /** A good record sent twice. */
        DUPLICATE(RejectReason.DUPLICATE_EVENT);

        private final RejectReason reason;

        Kind(final RejectReason reason) {
            this.reason = reason;
        }

        /** The reason the ingest dead-letters it with. */
        public RejectReason reason() {
            return reason;
        }
    }

    /**
     * One bad record to publish.
     *
     * @param kind  what is wrong with it
     * @param key   the record key (the good event's user)
     * @param event the interaction to serialize, or null when {@link #raw} is sent as it is
     * @param raw   the value bytes when {@link #event} is null
     */
    public record BadRecord(Kind kind, String key, Interaction event, byte[] raw) {
        public BadRecord {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(key, "key");
            if ((event == null) == (raw == null)) {
                throw new IllegalArgumentException("exactly one of event and raw");
            }
        }
    }

    private final long interval;
    private long made;

    /**
     * @param perThousand bad records per 1000 good events, 0 (none) to {@value #MAX_PER_THOUSAND}
     */
    public BadEvents(final int perThousand) {
        if (perThousand < 0 || perThousand > MAX_PER_THOUSAND) {
            throw new IllegalArgumentException("bad events per 1000 must be 0.." + MAX_PER_THOUSAND + ", got " + perThousand);
        }
        this.interval = perThousand == 0 ? 0 : MAX_PER_THOUSAND / perThousand;
    }

    /** How many bad records accompany {@code goodEvents} good ones. */
    public long countFor(final long goodEvents) {
        return interval == 0 || goodEvents < firstAfter() ? 0 : (goodEvents - firstAfter()) / interval + 1;
    }

    /**
     * The bad record due after the {@code sent}-th good event (1-based), made from that event, if one is due.
     *
     * @param good    the good event just sent
     * @param encoded its value bytes as sent (for the duplicate)
     */
    public Optional<BadRecord> after(final long sent, final Interaction good, final byte[] encoded) {
        if (interval == 0 || sent < firstAfter() || (sent - firstAfter()) % interval != 0) {
            return Optional.empty();
        }
        final Kind kind = Kind.values()[(int) (made++ % Kind.values().length)];
        final String user = good.getUserId();
        return Optional.of(switch (kind) {
            case NOT_AVRO -> new BadRecord(kind, user, null,
                String.format(Locale.ROOT, "not Avro: deliberately bad record after event %s", good.getEventId())
                    .getBytes(StandardCharsets.UTF_8));
            case MISSING_USER_ID -> new BadRecord(kind, user, Interaction.newBuilder(good)
                .setEventId(good.getEventId() + "#missing-user").setUserId("").build(), null);
            case UNKNOWN_TYPE -> new BadRecord(kind, user, Interaction.newBuilder(good)
                .setEventId(good.getEventId() + "#unknown-type").setType(InteractionType.UNKNOWN).build(), null);
            case DUPLICATE -> new BadRecord(kind, user, null, encoded.clone());
        });
    }

    private long firstAfter() {
        return Math.max(1, interval / 2);
    }
}
