package io.distill.schemas.validation;

import java.time.Duration;
import java.time.Instant;

/**
 * Bounds an interaction must respect to enter the pipeline.
 *
 * @param maxIdLength         longest eventId, userId or itemId accepted, in characters
 * @param maxContextEntries   most context entries accepted
 * @param maxContextChars     most characters over all context keys and values
 * @param minTimestamp        earliest event time accepted
 * @param maxFutureSkew       how far past "now" an event time may be (producer clocks drift)
 */
public record ValidationLimits(int maxIdLength, int maxContextEntries, int maxContextChars, Instant minTimestamp,
                               Duration maxFutureSkew) {

    public static final ValidationLimits DEFAULT = new ValidationLimits(256, 64, 16_384, Instant.parse("2000-01-01T00:00:00Z"),
        Duration.ofDays(1));

    public ValidationLimits {
        if (maxIdLength < 1 || maxContextEntries < 0 || maxContextChars < 0) {
            throw new IllegalArgumentException("validation limits must be positive: maxIdLength=" + maxIdLength
                + ", maxContextEntries=" + maxContextEntries + ", maxContextChars=" + maxContextChars);
        }
        if (minTimestamp == null || maxFutureSkew == null || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("minTimestamp and a non-negative maxFutureSkew are required");
        }
    }
}
