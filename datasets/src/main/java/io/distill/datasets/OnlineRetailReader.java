package io.distill.datasets;

import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * UCI Online Retail, streamed: the file is sorted by InvoiceDate, so lines become purchases one by one.
 *
 * <p>Checks per line, first failure wins: not valid CSV ({@link SkipReason#MALFORMED_CSV}), blank, field
 * count differs from the header's, InvoiceDate unparseable ({@link SkipReason#BAD_TIMESTAMP}), Quantity not
 * an integer ({@link SkipReason#BAD_NUMBER}), empty InvoiceNo or StockCode ({@link SkipReason#MISSING_FIELD});
 * then an empty CustomerID is {@link SkipReason#ANONYMOUS_USER}; an InvoiceNo starting with {@code C} is a
 * cancellation, handled per {@link CancellationPolicy}; any other line with Quantity &le; 0 is
 * {@link SkipReason#NON_POSITIVE_QUANTITY}; a line dated before the previous emitted one is
 * {@link SkipReason#OUT_OF_ORDER}. What remains is a
 * PURCHASE of StockCode by CustomerID (the {@code .0} of its float rendering removed), value = Quantity,
 * context {invoice, price, country}, event id {@code <name>:<line>}, InvoiceDate read as UTC.
 */
final class OnlineRetailReader extends StreamingSource {
    static final String INVOICE = "InvoiceNo";
    static final String STOCK_CODE = "StockCode";
    static final String QUANTITY = "Quantity";
    static final String INVOICE_DATE = "InvoiceDate";
    static final String UNIT_PRICE = "UnitPrice";
    static final String CUSTOMER_ID = "CustomerID";
    static final String COUNTRY = "Country";
    private static final List<String> REQUIRED =
            List.of(INVOICE, STOCK_CODE, QUANTITY, INVOICE_DATE, UNIT_PRICE, CUSTOMER_ID, COUNTRY);

    private final CsvRecordReader csv;
    private final CancellationPolicy cancellationPolicy;
    private final int fieldCount;
    private final int invoice;
    private final int stockCode;
    private final int quantity;
    private final int invoiceDate;
    private final int unitPrice;
    private final int customerId;
    private final int country;
    private Instant previous = Instant.MIN;
    private String lastDateText = "";
    private Instant lastDate;

    private OnlineRetailReader(final String name, final OptionalLong estimatedSize, final CsvRecordReader csv,
                               final CancellationPolicy cancellationPolicy, final List<String> header) {
        super(name, estimatedSize, csv);
        this.csv = csv;
        this.cancellationPolicy = cancellationPolicy;
        this.fieldCount = header.size();
        final Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            columns.putIfAbsent(header.get(i).strip().toLowerCase(Locale.ROOT), i);
        }
        final List<String> missing = new ArrayList<>();
        for (final String column : REQUIRED) {
            if (!columns.containsKey(column.toLowerCase(Locale.ROOT))) {
                missing.add(column);
            }
        }
        if (!missing.isEmpty()) {
            throw new DatasetException("Online Retail file " + name + " lacks columns " + missing + " in its header "
                    + header);
        }
        this.invoice = columns.get(INVOICE.toLowerCase(Locale.ROOT));
        this.stockCode = columns.get(STOCK_CODE.toLowerCase(Locale.ROOT));
        this.quantity = columns.get(QUANTITY.toLowerCase(Locale.ROOT));
        this.invoiceDate = columns.get(INVOICE_DATE.toLowerCase(Locale.ROOT));
        this.unitPrice = columns.get(UNIT_PRICE.toLowerCase(Locale.ROOT));
        this.customerId = columns.get(CUSTOMER_ID.toLowerCase(Locale.ROOT));
        this.country = columns.get(COUNTRY.toLowerCase(Locale.ROOT));
    }

    static InteractionSource open(final Path path, final DatasetOptions options) {
        final String name = options.name() != null ? options.name() : Inputs.stem(path);
        final OptionalLong lines = Inputs.estimateLines(path);
        final CsvRecordReader csv = new CsvRecordReader(Inputs.open(path), ',');
        try {
            CsvRow first = csv.next();
            while (first instanceof CsvRow.Fields fields && fields.isBlank()) {
                first = csv.next();
            }
            if (!(first instanceof CsvRow.Fields header)) {
                throw new DatasetException("Online Retail file " + path + " has no header line");
            }
            final OptionalLong estimate = lines.isPresent()
                    ? OptionalLong.of(Math.max(0, lines.getAsLong() - 1)) : lines;
            return new OnlineRetailReader(name, estimate, csv, options.cancellationPolicy(), header.values());
        } catch (final IOException | RuntimeException e) {
            closeQuietly(csv, e);
            if (e instanceof DatasetException dataset) {
                throw dataset;
            }
            throw new DatasetException("cannot read Online Retail file " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected Interaction readNext() throws IOException {
        CsvRow row;
        while ((row = csv.next()) != null) {
            counter.read();
            final Interaction interaction = convert(row);
            if (interaction != null) {
                return interaction;
            }
        }
        return null;
    }

    private Interaction convert(final CsvRow row) {
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
        if (f.size() != fieldCount) {
            counter.skip(SkipReason.WRONG_FIELD_COUNT, line, f.size() + " fields, header has " + fieldCount);
            return null;
        }
        final Instant time = parseDate(f.get(invoiceDate));
        if (time == null) {
            counter.skip(SkipReason.BAD_TIMESTAMP, line, INVOICE_DATE + " '" + f.get(invoiceDate) + "'");
            return null;
        }
        final long qty;
        try {
            qty = Long.parseLong(f.get(quantity).strip());
        } catch (final NumberFormatException e) {
            counter.skip(SkipReason.BAD_NUMBER, line, QUANTITY + " '" + f.get(quantity) + "'");
            return null;
        }
        final String invoiceNo = f.get(invoice).strip();
        final String item = f.get(stockCode).strip();
        if (invoiceNo.isEmpty() || item.isEmpty()) {
            counter.skip(SkipReason.MISSING_FIELD, line, "empty " + (invoiceNo.isEmpty() ? INVOICE : STOCK_CODE));
            return null;
        }
        final String user = customer(f.get(customerId));
        if (user.isEmpty()) {
            counter.skip(SkipReason.ANONYMOUS_USER, line, "no " + CUSTOMER_ID);
            return null;
        }
        final boolean cancellation = invoiceNo.startsWith("C") || invoiceNo.startsWith("c");
        if (cancellation && cancellationPolicy == CancellationPolicy.DROP) {
            counter.skip(SkipReason.CANCELLATION, line, "invoice " + invoiceNo);
            return null;
        }
        if (!cancellation && qty <= 0) {
            counter.skip(SkipReason.NON_POSITIVE_QUANTITY, line, QUANTITY + " " + qty);
            return null;
        }
        if (time.isBefore(previous)) {
            counter.skip(SkipReason.OUT_OF_ORDER, line, time + " is before " + previous);
            return null;
        }
        previous = time;
        final Map<String, String> context = new HashMap<>(cancellation ? 8 : 4);
        context.put("invoice", invoiceNo);
        context.put("price", f.get(unitPrice).strip());
        context.put("country", f.get(country).strip());
        if (cancellation) {
            context.put("cancellation", "true");
        }
        return new Interaction(name() + ":" + line, user, item, InteractionType.PURCHASE, time, (double) qty, context);
    }

    // An invoice's lines share one InvoiceDate: reusing the last parse skips most of the date parsing.
    private Instant parseDate(final String text) {
        if (!text.equals(lastDateText)) {
            lastDateText = text;
            lastDate = Timestamps.parseUtcDateTime(text);
        }
        return lastDate;
    }

    /** {@code 17850.0} becomes {@code 17850}: the file writes integer ids as floats. */
    static String customer(final String raw) {
        final String id = raw.strip();
        final int dot = id.indexOf('.');
        if (dot > 0) {
            for (int i = dot + 1; i < id.length(); i++) {
                if (id.charAt(i) != '0') {
                    return id;
                }
            }
            return id.substring(0, dot);
        }
        return id;
    }

    private static void closeQuietly(final CsvRecordReader csv, final Exception primary) {
        try {
            csv.close();
        } catch (final IOException suppressed) {
            primary.addSuppressed(suppressed);
        }
    }
}
