package io.distill.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnlineRetailReaderTest {

    // From /work/shared/data/README.md.
    private static final long TOTAL_ROWS = 541_909L;
    private static final long ROWS_WITH_CUSTOMER = 406_829L;
    private static final long ANONYMOUS_ROWS = 135_080L;

    // Verified independently of this code with Python's csv module:
    //   zcat online_retail.csv.gz | python3 -c 'import csv,sys; r=csv.reader(sys.stdin); next(r); ...'
    // counting rows with a non-empty CustomerID by InvoiceNo prefix and Quantity sign, and summing Quantity,
    // distinct CustomerID (".0" removed) and distinct StockCode over the kept purchase rows.
    private static final long PURCHASES = 397_924L;
    private static final long CANCELLATIONS_WITH_CUSTOMER = 8_905L;
    private static final long NON_POSITIVE_NON_CANCELLATIONS_WITH_CUSTOMER = 0L;
    private static final long PURCHASED_QUANTITY = 5_181_696L;
    private static final long QUANTITY_INCLUDING_CANCELLATIONS = 4_906_888L;
    private static final int PURCHASING_USERS = 4_339;
    private static final int PURCHASED_ITEMS = 3_665;

    @Test
    void dropsCancellationsAndAnonymousRowsAndStreamsPurchasesInTimeOrder() {
        long emitted = 0;
        long quantity = 0;
        final Set<String> users = new HashSet<>();
        final Set<String> items = new HashSet<>();
        final Set<String> eventIds = new HashSet<>();
        Instant previous = Instant.MIN;
        boolean ordered = true;
        boolean usersWithoutFraction = true;
        boolean allPurchases = true;
        Interaction first = null;
        Interaction quotedComma = null;
        Interaction last = null;
        final SkipReport report;
        try (InteractionSource source = Datasets.open(SharedDatasets.onlineRetail(), DatasetFormat.AUTO,
                DatasetOptions.DEFAULTS)) {
            assertThat(source.name()).isEqualTo("online_retail");
            assertThat(source.estimatedSize()).isPresent();
            assertThat(source.estimatedSize().getAsLong()).isBetween(TOTAL_ROWS * 8 / 10, TOTAL_ROWS * 12 / 10);
            while (source.hasNext()) {
                final Interaction event = source.next();
                emitted++;
                ordered &= !event.getTimestamp().isBefore(previous);
                previous = event.getTimestamp();
                usersWithoutFraction &= !event.getUserId().contains(".");
                allPurchases &= event.getType() == InteractionType.PURCHASE;
                quantity += event.getValue().longValue();
                users.add(event.getUserId());
                items.add(event.getItemId());
                eventIds.add(event.getEventId());
                if (first == null) {
                    first = event;
                }
                if (event.getEventId().equals("online_retail:111")) {
                    quotedComma = event;
                }
                last = event;
            }
            report = source.skipReport();
        }

        assertThat(emitted).isEqualTo(PURCHASES);
        assertThat(report.recordsRead()).isEqualTo(TOTAL_ROWS);
        assertThat(report.emitted()).isEqualTo(PURCHASES);
        assertThat(report.count(SkipReason.ANONYMOUS_USER)).isEqualTo(ANONYMOUS_ROWS);
        assertThat(report.recordsRead() - report.count(SkipReason.ANONYMOUS_USER)).isEqualTo(ROWS_WITH_CUSTOMER);
        assertThat(report.count(SkipReason.CANCELLATION)).isEqualTo(CANCELLATIONS_WITH_CUSTOMER);
        assertThat(report.count(SkipReason.NON_POSITIVE_QUANTITY))
                .isEqualTo(NON_POSITIVE_NON_CANCELLATIONS_WITH_CUSTOMER);
        assertThat(report.totalSkipped()).isEqualTo(ANONYMOUS_ROWS + CANCELLATIONS_WITH_CUSTOMER);
        assertThat(report.skipped()).containsOnlyKeys(SkipReason.ANONYMOUS_USER, SkipReason.CANCELLATION);

        assertThat(ordered).as("non-decreasing event time").isTrue();
        assertThat(usersWithoutFraction).as("no '.0' in user ids").isTrue();
        assertThat(allPurchases).as("every event is a PURCHASE").isTrue();
        assertThat(quantity).isEqualTo(PURCHASED_QUANTITY);
        assertThat(users).hasSize(PURCHASING_USERS);
        assertThat(items).hasSize(PURCHASED_ITEMS);
        assertThat(eventIds).hasSize((int) PURCHASES);

        assertThat(first.getEventId()).isEqualTo("online_retail:2");
        assertThat(first.getUserId()).isEqualTo("17850");
        assertThat(first.getItemId()).isEqualTo("85123A");
        assertThat(first.getValue()).isEqualTo(6.0);
        assertThat(first.getTimestamp()).isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
        assertThat(first.getContext()).containsExactlyInAnyOrderEntriesOf(
                Map.of("invoice", "536365", "price", "2.55", "country", "United Kingdom"));
        // line 111 is 536381,82567,"AIRLINE LOUNGE,METAL SIGN",2,...: the quoted comma must not shift columns
        assertThat(quotedComma).isNotNull();
        assertThat(quotedComma.getItemId()).isEqualTo("82567");
        assertThat(quotedComma.getUserId()).isEqualTo("15311");
        assertThat(quotedComma.getValue()).isEqualTo(2.0);
        assertThat(quotedComma.getContext()).containsEntry("price", "2.1");
        assertThat(last.getTimestamp()).isEqualTo(Instant.parse("2011-12-09T12:50:00Z"));
    }

    @Test
    void keepsCancellationsAsNegativePurchasesWhenAsked() {
        long emitted = 0;
        long cancellations = 0;
        long quantity = 0;
        boolean cancellationsWellFormed = true;
        final SkipReport report;
        try (InteractionSource source = Datasets.open(SharedDatasets.onlineRetail(), DatasetFormat.ONLINE_RETAIL,
                DatasetOptions.DEFAULTS.withCancellationPolicy(CancellationPolicy.KEEP_AS_EVENTS))) {
            while (source.hasNext()) {
                final Interaction event = source.next();
                emitted++;
                quantity += event.getValue().longValue();
                if ("true".equals(event.getContext().get("cancellation"))) {
                    cancellations++;
                    cancellationsWellFormed &= event.getValue() < 0 && event.getContext().get("invoice").startsWith("C")
                            && event.getType() == InteractionType.PURCHASE;
                }
            }
            report = source.skipReport();
        }
        assertThat(emitted).isEqualTo(ROWS_WITH_CUSTOMER);
        assertThat(cancellations).isEqualTo(CANCELLATIONS_WITH_CUSTOMER);
        assertThat(cancellationsWellFormed).as("cancellations: PURCHASE, negative value, C invoice").isTrue();
        assertThat(quantity).isEqualTo(QUANTITY_INCLUDING_CANCELLATIONS);
        assertThat(report.skipped()).containsOnlyKeys(SkipReason.ANONYMOUS_USER);
    }

    @Test
    void countsEveryKindOfBadLineAndKeepsGoing(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("retail.csv");
        Files.writeString(file, String.join("\n",
                "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
                "1001,A1,\"MUG, RED\",3,2011-01-01 10:00:00,1.5,12345.0,France",            // 2 ok
                "1002,A2,PLATE,2,2011-01-01 10:00:00,2.0,,France",                          // 3 anonymous
                "C1003,A1,MUG,-1,2011-01-01 11:00:00,1.5,12345.0,France",                   // 4 cancellation
                "1004,A3,LAMP,0,2011-01-01 11:00:00,9.0,12345.0,France",                    // 5 non-positive
                "1005,A3,LAMP,1,not a date,9.0,12345.0,France",                             // 6 bad timestamp
                "1006,A3,LAMP,two,2011-01-01 12:00:00,9.0,12345.0,France",                  // 7 bad number
                "1007,A3,LAMP,1,2011-01-01 12:00:00,9.0,12345.0",                           // 8 wrong count
                "1008,,LAMP,1,2011-01-01 12:00:00,9.0,12345.0,France",                      // 9 missing field
                "1009,A4,\"BROKEN,1,2011-01-01 12:00:00,9.0,12345.0,France",                // 10 malformed
                "1010,A4,\"TAIL\"X,1,2011-01-01 12:00:00,9.0,12345.0,France",               // 11 malformed
                "1011,A5,OLD,1,2010-12-31 09:00:00,1.0,777.0,UK",                           // 12 out of order
                "",                                                                        // 13 blank
                "1012,A6,\"SAY \"\"HI\"\"\",4,2011-01-02 08:00,0.5,12346.0,Germany") + "\n", // 14 ok, no seconds
                StandardCharsets.UTF_8);

        final List<Interaction> events;
        final SkipReport report;
        try (InteractionSource source = Datasets.open(file)) {
            events = source.stream().toList();
            report = source.skipReport();
        }

        assertThat(events).extracting(Interaction::getEventId).containsExactly("retail:2", "retail:14");
        assertThat(events.get(0).getItemId()).isEqualTo("A1");
        assertThat(events.get(0).getContext()).containsEntry("country", "France");
        assertThat(events.get(1).getUserId()).isEqualTo("12346");
        assertThat(events.get(1).getTimestamp()).isEqualTo(Instant.parse("2011-01-02T08:00:00Z"));
        assertThat(report.recordsRead()).isEqualTo(13);
        assertThat(report.emitted()).isEqualTo(2);
        assertThat(report.skipped()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry(SkipReason.ANONYMOUS_USER, 1L),
                Map.entry(SkipReason.CANCELLATION, 1L),
                Map.entry(SkipReason.NON_POSITIVE_QUANTITY, 1L),
                Map.entry(SkipReason.BAD_TIMESTAMP, 1L),
                Map.entry(SkipReason.BAD_NUMBER, 1L),
                Map.entry(SkipReason.WRONG_FIELD_COUNT, 1L),
                Map.entry(SkipReason.MISSING_FIELD, 1L),
                Map.entry(SkipReason.MALFORMED_CSV, 2L),
                Map.entry(SkipReason.OUT_OF_ORDER, 1L),
                Map.entry(SkipReason.BLANK_LINE, 1L)));
        assertThat(report.firstLine()).containsEntry(SkipReason.MALFORMED_CSV, 10L)
                .containsEntry(SkipReason.OUT_OF_ORDER, 12L);
    }

    @Test
    void stripsOnlyAZeroFractionFromCustomerIds() {
        assertThat(OnlineRetailReader.customer("17850.0")).isEqualTo("17850");
        assertThat(OnlineRetailReader.customer(" 17850.00 ")).isEqualTo("17850");
        assertThat(OnlineRetailReader.customer("17850")).isEqualTo("17850");
        assertThat(OnlineRetailReader.customer("17850.5")).isEqualTo("17850.5");
        assertThat(OnlineRetailReader.customer("")).isEmpty();
    }
}
