package io.distill.datasets;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;

/** Timestamp parsing shared by the readers. Every method returns {@code null} for text it cannot read. */
final class Timestamps {
    /**
     * Numbers at or above this magnitude are epoch milliseconds, below it epoch seconds. 10^11 seconds is
     * the year 5138 and 10^11 milliseconds is March 1973, so no real interaction log is ambiguous.
     */
    static final long MILLIS_THRESHOLD = 100_000_000_000L;

    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(\\.\\d+)?");
    private static final DateTimeFormatter SPACE_OR_T_DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffsetId().optionalEnd()
            .optionalStart().appendLiteral('[').parseCaseSensitive().appendZoneRegionId().appendLiteral(']')
            .optionalEnd()
            .toFormatter();

    private Timestamps() {
    }

    /**
     * Epoch seconds or milliseconds (by magnitude, fractions allowed) or an ISO-8601 date-time. A date-time
     * without offset is UTC; {@code T} or a space may separate date and time; a bare date is midnight UTC.
     */
    static Instant parseAuto(final String raw) {
        final String text = raw.strip();
        if (text.isEmpty()) {
            return null;
        }
        if (NUMBER.matcher(text).matches()) {
            return fromNumber(text);
        }
        return parseIso(text);
    }

    /** Epoch seconds, as MovieLens writes them. */
    static Instant parseEpochSeconds(final String raw) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(raw.strip()));
        } catch (final NumberFormatException | DateTimeException e) {
            return null;
        }
    }

    /** Epoch milliseconds or, below {@link #MILLIS_THRESHOLD}, seconds. */
    static Instant fromEpochNumber(final long value) {
        try {
            return Math.abs(value) >= MILLIS_THRESHOLD ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
        } catch (final DateTimeException e) {
            return null;
        }
    }

    /** {@code YYYY-MM-DD HH:MM[:SS]} (or with {@code T}) taken as UTC, the Online Retail convention. */
    static Instant parseUtcDateTime(final String raw) {
        try {
            final TemporalAccessor parsed = SPACE_OR_T_DATE_TIME.parseBest(raw.strip(), ZonedDateTime::from,
                    LocalDateTime::from);
            if (parsed instanceof ZonedDateTime zoned) {
                return zoned.toInstant();
            }
            return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (final DateTimeException e) {
            return null;
        }
    }

    private static Instant fromNumber(final String text) {
        try {
            if (text.indexOf('.') < 0) {
                return fromEpochNumber(Long.parseLong(text));
            }
            final BigDecimal value = new BigDecimal(text);
            final BigDecimal millis = value.abs().compareTo(BigDecimal.valueOf(MILLIS_THRESHOLD)) >= 0
                    ? value : value.movePointRight(3);
            return Instant.ofEpochMilli(millis.setScale(0, RoundingMode.HALF_EVEN).longValueExact());
        } catch (final NumberFormatException | ArithmeticException | DateTimeException e) {
            return null;
        }
    }

    private static Instant parseIso(final String text) {
        final Instant dateTime = parseUtcDateTime(text);
        if (dateTime != null) {
            return dateTime;
        }
        try {
            return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (final DateTimeException e) {
            return null;
        }
    }
}
