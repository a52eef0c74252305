package io.distill.datasets;

import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code user,item,timestamp[,type[,value]]} CSV (RFC 4180 quoting), loaded whole and stably sorted by time.
 *
 * <p>The first record is a header when its third field is not a timestamp. A header naming at least the
 * user, item and timestamp columns (common spellings: {@code user_id}, {@code item_id}, {@code ts},
 * {@code event_type}, {@code rating}, ... ) selects columns by name, in any order, other columns ignored;
 * any other header is skipped and columns are positional. Timestamps are epoch milliseconds or seconds
 * (by magnitude) or ISO-8601 (UTC when no offset is given). Types are case-insensitive names (view, click,
 * add_to_cart/cart, purchase/order/buy; plurals accepted); an absent or empty type is
 * {@link DatasetOptions#defaultType()}. An empty value is no value. Event id {@code <name>:<line>}.
 */
final class GenericCsvReader {
    private static final Logger LOG = LoggerFactory.getLogger(GenericCsvReader.class);
    private static final int MIN_FIELDS = 3;
    private static final int MAX_FIELDS = 5;
    private static final Map<String, Set<String>> ALIASES = Map.of(
            "user", Set.of("user", "userid", "customer", "customerid", "session", "sessionid", "visitor",
                    "visitorid"),
            "item", Set.of("item", "itemid", "product", "productid", "aid", "movie", "movieid"),
            "timestamp", Set.of("timestamp", "ts", "time", "eventtime", "datetime", "date"),
            "type", Set.of("type", "event", "eventtype", "action", "interaction", "interactiontype"),
            "value", Set.of("value", "rating", "quantity", "weight", "score"));

    private GenericCsvReader() {
    }

    static InteractionSource open(final Path path, final DatasetOptions options) {
        final String name = options.name() != null ? options.name() : Inputs.stem(path);
        final SkipCounter counter = new SkipCounter(name);
        final List<Interaction> events = new ArrayList<>();
        long records = 0;
        try (BufferedReader reader = Inputs.open(path)) {
            final CsvRecordReader csv = new CsvRecordReader(reader, ',');
            Columns columns = null;
            CsvRow row;
            while ((row = csv.next()) != null) {
                if (columns == null && row instanceof CsvRow.Fields first && !first.isBlank()) {
                    columns = Columns.POSITIONAL;
                    if (first.values().size() >= MIN_FIELDS && Timestamps.parseAuto(first.values().get(2)) == null) {
                        columns = Columns.fromHeader(first.values());
                        LOG.info("{}: line {} is a header {}, columns {}", name, first.line(), first.values(), columns);
                        continue;
                    }
                }
                counter.read();
                records++;
                final Interaction interaction = convert(name, row, columns, options, counter);
                if (interaction != null) {
                    events.add(interaction);
                    counter.emitted();
                }
            }
        } catch (final IOException e) {
            throw new DatasetException("cannot read CSV file " + path + ": " + e.getMessage(), e);
        }
        return new LoadedSource(name, events, counter.report(), records);
    }

    private static Interaction convert(final String name, final CsvRow row, final Columns columns,
                                       final DatasetOptions options, final SkipCounter counter) {
        final long line = row.line();
        if (row instanceof CsvRow.Malformed malformed) {
            counter.skip(SkipReason.MALFORMED_CSV, line, malformed.detail());
            return null;
        }
        final List<String> f = ((CsvRow.Fields) row).values();
        if (f.isEmpty()) {
            counter.skip(SkipReason.BLANK_LINE, line, "empty line");
            return null;
        }
        if (!columns.accepts(f.size())) {
            counter.skip(SkipReason.WRONG_FIELD_COUNT, line, f.size() + " fields, expected " + columns.expected());
            return null;
        }
        final String user = f.get(columns.user()).strip();
        final String item = f.get(columns.item()).strip();
        if (user.isEmpty() || item.isEmpty()) {
            counter.skip(SkipReason.MISSING_FIELD, line, "empty " + (user.isEmpty() ? "user" : "item"));
            return null;
        }
        final String rawTime = f.get(columns.timestamp());
        final Instant time = Timestamps.parseAuto(rawTime);
        if (time == null) {
            counter.skip(SkipReason.BAD_TIMESTAMP, line, "timestamp '" + rawTime + "'");
            return null;
        }
        final String rawType = columns.field(f, columns.type());
        final InteractionType type = rawType.isBlank() ? options.defaultType() : TypeNames.parse(rawType);
        if (type == null) {
            counter.skip(SkipReason.UNKNOWN_TYPE, line, "type '" + rawType + "'");
            return null;
        }
        final String rawValue = columns.field(f, columns.value()).strip();
        Double value = null;
        if (!rawValue.isEmpty()) {
            try {
                value = Double.parseDouble(rawValue);
            } catch (final NumberFormatException e) {
                value = Double.NaN;
            }
            if (!Double.isFinite(value)) {
                counter.skip(SkipReason.BAD_NUMBER, line, "value '" + rawValue + "'");
                return null;
            }
        }
        return new Interaction(name + ":" + line, user, item, type, time, value, null);
    }

    /**
     * Where each field is; {@code type} and {@code value} are -1 when the header has no such column.
     * {@code fieldCount} is the header's size, or 0 for positional files, which accept 3 to 5 fields.
     */
    record Columns(int user, int item, int timestamp, int type, int value, int fieldCount) {
        static final Columns POSITIONAL = new Columns(0, 1, 2, 3, 4, 0);

        static Columns fromHeader(final List<String> header) {
            final int user = find(header, "user");
            final int item = find(header, "item");
            final int timestamp = find(header, "timestamp");
            if (user < 0 || item < 0 || timestamp < 0) {
                return POSITIONAL;
            }
            return new Columns(user, item, timestamp, find(header, "type"), find(header, "value"), header.size());
        }

        /** Trailing optional columns may be left out, as in a positional file; more fields than columns may not. */
        boolean accepts(final int fields) {
            return fields >= required() && fields <= (fieldCount == 0 ? MAX_FIELDS : fieldCount);
        }

        String expected() {
            return required() + " to " + (fieldCount == 0 ? MAX_FIELDS : fieldCount);
        }

        private int required() {
            return Math.max(MIN_FIELDS, Math.max(user, Math.max(item, timestamp)) + 1);
        }

        /** The field at {@code index}, or {@code ""} when the column does not exist or the record is short. */
        String field(final List<String> fields, final int index) {
            return index >= 0 && index < fields.size() ? fields.get(index) : "";
        }

        private static int find(final List<String> header, final String column) {
            final Set<String> aliases = ALIASES.get(column);
            for (int i = 0; i < header.size(); i++) {
                final String normalised = header.get(i).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
                if (aliases.contains(normalised)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
