package io.distill.schemas.validation;

import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * What a well-formed interaction is. The ingest topology applies it to every record from producers,
 * and the offline evaluation applies it to datasets, so both let exactly the same events through.
 * Field checks only: de-duplication needs state and lives with the ingest.
 */
public final class InteractionValidator {
    private final ValidationLimits limits;
    private final Clock clock;

    public InteractionValidator(final ValidationLimits limits, final Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Validates {@code event} published under record key {@code key} (null skips the key check, for
     * sources without keys).
     */
    public Verdict validate(final String key, final Interaction event) {
        if (event == null) {
            return Verdict.reject(RejectReason.EMPTY_VALUE, "null interaction");
        }
        Verdict verdict = checkId(event.getEventId(), "eventId", RejectReason.MISSING_EVENT_ID);
        if (verdict != Verdict.ACCEPTED) {
            return verdict;
        }
        verdict = checkId(event.getUserId(), "userId", RejectReason.MISSING_USER_ID);
        if (verdict != Verdict.ACCEPTED) {
            return verdict;
        }
        verdict = checkId(event.getItemId(), "itemId", RejectReason.MISSING_ITEM_ID);
        if (verdict != Verdict.ACCEPTED) {
            return verdict;
        }
        if (key != null && !key.equals(event.getUserId())) {
            return Verdict.reject(RejectReason.KEY_MISMATCH, "record key '" + abbreviate(key) + "' is not the userId '"
                + abbreviate(event.getUserId()) + "'");
        }
        if (event.getType() == null || event.getType() == InteractionType.UNKNOWN) {
            return Verdict.reject(RejectReason.UNKNOWN_TYPE, "interaction type is not one of VIEW, CLICK, ADD_TO_CART, PURCHASE");
        }
        final Instant timestamp = event.getTimestamp();
        if (timestamp == null || timestamp.isBefore(limits.minTimestamp())) {
            return Verdict.reject(RejectReason.TIMESTAMP_TOO_OLD, "timestamp " + timestamp + " is before " + limits.minTimestamp());
        }
        final Instant latest = clock.instant().plus(limits.maxFutureSkew());
        if (timestamp.isAfter(latest)) {
            return Verdict.reject(RejectReason.TIMESTAMP_IN_FUTURE, "timestamp " + timestamp + " is after " + latest);
        }
        final Double value = event.getValue();
        if (value != null && !Double.isFinite(value)) {
            return Verdict.reject(RejectReason.VALUE_NOT_FINITE, "value is " + value);
        }
        return checkContext(event.getContext());
    }

    private Verdict checkId(final String id, final String field, final RejectReason missing) {
        if (id == null || id.isBlank()) {
            return Verdict.reject(missing, field + " is missing or blank");
        }
        if (id.length() > limits.maxIdLength()) {
            return Verdict.reject(RejectReason.ID_TOO_LONG, field + " has " + id.length() + " characters, more than "
                + limits.maxIdLength());
        }
        return Verdict.ACCEPTED;
    }

    private Verdict checkContext(final Map<String, String> context) {
        if (context == null) {
            return Verdict.ACCEPTED;
        }
        if (context.size() > limits.maxContextEntries()) {
            return Verdict.reject(RejectReason.CONTEXT_TOO_LARGE, "context has " + context.size() + " entries, more than "
                + limits.maxContextEntries());
        }
        long chars = 0;
        for (final Map.Entry<String, String> entry : context.entrySet()) {
            chars += entry.getKey().length() + (entry.getValue() == null ? 0 : entry.getValue().length());
        }
        if (chars > limits.maxContextChars()) {
            return Verdict.reject(RejectReason.CONTEXT_TOO_LARGE, "context has " + chars + " characters, more than "
                + limits.maxContextChars());
        }
        return Verdict.ACCEPTED;
    }

    private static String abbreviate(final String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
