package io.distill.app.http;

import java.nio.charset.StandardCharsets;

/** The little JSON the edge writes, appended to a builder sized for the answer rather than through an object mapper. */
final class Json {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /** Appends {@code text} as a JSON string (RFC 8259 escaping; other control characters as a six-character escape). */
    static StringBuilder string(final StringBuilder out, final String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /** Appends a float as a JSON number; NaN and infinities, which JSON cannot hold, as {@code null}. */
    static StringBuilder number(final StringBuilder out, final float value) {
        return Float.isFinite(value) ? out.append(value) : out.append("null");
    }

    /** {@code {"error":"<message>"}} in UTF-8. */
    static byte[] error(final String message) {
        final StringBuilder out = new StringBuilder(message.length() + 16).append("{\"error\":");
        return utf8(string(out, message).append('}'));
    }

    static byte[] utf8(final CharSequence text) {
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
