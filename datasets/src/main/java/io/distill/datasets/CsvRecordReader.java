package io.distill.datasets;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An RFC 4180 record reader: fields separated by a delimiter, optionally enclosed in double quotes, a
 * doubled quote inside a quoted field standing for one quote, line breaks allowed inside quoted fields.
 *
 * <p>It is lenient where lenience is unambiguous (a quote inside an unquoted field is kept literally, any of
 * CRLF/LF/CR ends a line) and strict otherwise (text after a closing quote is malformed). A quoted field
 * may span at most {@value #MAX_CONTINUATION_LINES} extra lines: a stray opening quote must cost one
 * record, not swallow the rest of the file, so when the limit or the end of input is reached without a
 * closing quote, or the joined lines do not form a valid record, the first line is reported malformed and
 * the lines after it are read again as records.
 */
final class CsvRecordReader implements Closeable {
    static final int MAX_CONTINUATION_LINES = 16;

    private final BufferedReader in;
    private final char delimiter;
    private final Deque<String> pushedBack = new ArrayDeque<>();
    private long nextLineNumber = 1;

    CsvRecordReader(final BufferedReader in, final char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** The next record, or {@code null} at the end of input. */
    CsvRow next() throws IOException {
        final long line = nextLineNumber;
        final String first = readLine();
        if (first == null) {
            return null;
        }
        if (first.isEmpty()) {
            return new CsvRow.Fields(line, List.of());
        }
        final StringBuilder text = new StringBuilder(first);
        final List<String> continuation = new ArrayList<>();
        while (true) {
            final Parse parse = split(text, delimiter);
            if (parse.fields() != null) {
                return new CsvRow.Fields(line, parse.fields());
            }
            if (parse.error() != null && continuation.isEmpty()) {
                return new CsvRow.Malformed(line, parse.error());
            }
            final String more = parse.error() == null && continuation.size() < MAX_CONTINUATION_LINES
                    ? readLine() : null;
            if (more == null) {
                // The first line opened a quote that no following line closes cleanly: it alone is bad.
                unread(continuation);
                return new CsvRow.Malformed(line, "unterminated quoted field");
            }
            continuation.add(more);
            text.append('\n').append(more);
        }
    }

    private void unread(final List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            pushedBack.push(lines.get(i));
        }
        nextLineNumber -= lines.size();
    }

    private String readLine() throws IOException {
        final String line = pushedBack.isEmpty() ? in.readLine() : pushedBack.pop();
        if (line != null) {
            nextLineNumber++;
        }
        return line;
    }

    /** Splits one record; {@code fields == null} with no error means a quoted field is still open. */
    static Parse split(final CharSequence text, final char delimiter) {
        final List<String> fields = new ArrayList<>();
        final StringBuilder field = new StringBuilder();
        final int length = text.length();
        int i = 0;
        while (true) {
            field.setLength(0);
            if (i < length && text.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < length) {
                    final char c = text.charAt(i);
                    if (c == '"') {
                        if (i + 1 < length && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                        } else {
                            i++;
                            closed = true;
                            break;
                        }
                    } else {
                        field.append(c);
                        i++;
                    }
                }
                if (!closed) {
                    return Parse.OPEN;
                }
                if (i < length && text.charAt(i) != delimiter) {
                    return Parse.error("unexpected character '" + text.charAt(i) + "' after closing quote of field "
                            + (fields.size() + 1));
                }
            } else {
                while (i < length && text.charAt(i) != delimiter) {
                    field.append(text.charAt(i));
                    i++;
                }
            }
            fields.add(field.toString());
            if (i >= length) {
                return new Parse(fields, null);
            }
            i++;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    record Parse(List<String> fields, String error) {
        static final Parse OPEN = new Parse(null, null);

        static Parse error(final String detail) {
            return new Parse(null, detail);
        }
    }
}
