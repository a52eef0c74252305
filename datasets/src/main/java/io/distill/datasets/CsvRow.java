package io.distill.datasets;

import java.util.List;

/** One record read by {@link CsvRecordReader}: its fields, or why it could not be split into fields. */
sealed interface CsvRow {

    /** 1-based number of the physical line the record starts on. */
    long line();

    /** A well-formed record; a blank line has no fields. */
    record Fields(long line, List<String> values) implements CsvRow {
        public Fields {
            values = List.copyOf(values);
        }

        boolean isBlank() {
            return values.isEmpty();
        }
    }

    /** A record that breaks RFC 4180. */
    record Malformed(long line, String detail) implements CsvRow {
    }
}
