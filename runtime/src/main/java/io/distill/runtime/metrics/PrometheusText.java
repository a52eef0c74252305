package io.distill.runtime.metrics;

import java.math.BigDecimal;

/**
 * The Prometheus text exposition format, version 0.0.4: names, escaping and numbers. Only what a writer needs;
 * see <a href="https://prometheus.io/docs/instrumenting/exposition_formats/">the specification</a>.
 */
public final class PrometheusText {
    /** The {@code Content-Type} of a response in this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final double PLAIN_MIN = 1e-3;
    private static final double PLAIN_MAX = 1e15;

    private PrometheusText() {
    }

    /** True for a valid metric name: {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
    public static boolean isValidMetricName(final String name) {
        if (name == null || name.isEmpty() || isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i), true)) {
                return false;
            }
        }
        return true;
    }

    /** True for a valid label name: {@code [a-zA-Z_][a-zA-Z0-9_]*}, not starting with the reserved {@code __}. */
    public static boolean isValidLabelName(final String name) {
        if (name == null || name.isEmpty() || isDigit(name.charAt(0)) || name.startsWith("__")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i), false)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A valid metric name made from {@code text}: every character outside {@code [a-zA-Z0-9_:]} becomes
     * {@code _}, and a leading digit gets a {@code _} in front ({@code stream-thread-metrics} is
     * {@code stream_thread_metrics}).
     */
    public static String sanitizeMetricName(final String text) {
        return sanitize(text, true);
    }

    /**
     * A valid label name made from {@code text}: as {@link #sanitizeMetricName} without colons; a name that
     * would start with the reserved {@code __} gets {@code tag} in front ({@code client-id} is {@code client_id}).
     */
    public static String sanitizeLabelName(final String text) {
        final String name = sanitize(text, false);
        return name.startsWith("__") ? "tag" + name : name;
    }

    /** Appends a label value escaped: backslash, double quote and line feed as {@code \\}, {@code \"}, {@code \n}. */
    public static void appendLabelValue(final StringBuilder out, final String value) {
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    /** Appends help text escaped: backslash and line feed as {@code \\} and {@code \n}. */
    public static void appendHelp(final StringBuilder out, final String help) {
        for (int i = 0; i < help.length(); i++) {
            final char c = help.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    /**
     * Appends a sample value: {@code NaN}, {@code +Inf}, {@code -Inf}; an integer without a fraction when the value
     * is one (exactly representable); otherwise the shortest decimal that reads back as the same double, in plain
     * notation between 0.001 and 10^15 ({@code 0.25}, {@code 1795514755.151}) and in Java's exponent notation
     * beyond ({@code 1.0E-7}), which Prometheus parses too.
     */
    public static void appendValue(final StringBuilder out, final double value) {
        if (Double.isNaN(value)) {
            out.append("NaN");
        } else if (value == Double.POSITIVE_INFINITY) {
            out.append("+Inf");
        } else if (value == Double.NEGATIVE_INFINITY) {
            out.append("-Inf");
        } else if (value == Math.rint(value) && Math.abs(value) < 0x1p53) {
            out.append((long) value);
        } else if (Math.abs(value) >= PLAIN_MIN && Math.abs(value) < PLAIN_MAX) {
            out.append(BigDecimal.valueOf(value).toPlainString());
        } else {
            out.append(value);
        }
    }

    private static String sanitize(final String text, final boolean colons) {
        if (text == null || text.isEmpty()) {
            return "_";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (!isNameChar(c, colons)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 1).append(text, 0, i);
                }
                out.append('_');
            } else if (out != null) {
                out.append(c);
            }
        }
        final String name = out == null ? text : out.toString();
        return isDigit(name.charAt(0)) ? "_" + name : name;
    }

    private static boolean isNameChar(final char c, final boolean colons) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_' || colons && c == ':';
    }

    private static boolean isDigit(final char c) {
        return c >= '0' && c <= '9';
    }
}
