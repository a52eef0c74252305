package io.distill.app.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration the way people type it: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, a bare number of
 * seconds, or ISO-8601 ({@code PT30S}). Negative durations are refused.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    @Override
    public Duration convert(final String value) {
        final String text = value.strip().toLowerCase(Locale.ROOT);
        final Matcher matcher = SIMPLE.matcher(text);
        if (matcher.matches()) {
            final double amount = Double.parseDouble(matcher.group(1));
            final String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            final double millis = switch (unit) {
                case "ms" -> amount;
                case "s" -> amount * 1_000;
                case "m" -> amount * 60_000;
                default -> amount * 3_600_000;
            };
            return Duration.ofMillis(Math.round(millis));
        }
        try {
            final Duration parsed = Duration.parse(value.strip().toUpperCase(Locale.ROOT));
            if (parsed.isNegative()) {
                throw new TypeConversionException("'" + value + "' is negative");
            }
            return parsed;
        } catch (final DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (examples: 500ms, 30s, 5m, PT1M)");
        }
    }
}
