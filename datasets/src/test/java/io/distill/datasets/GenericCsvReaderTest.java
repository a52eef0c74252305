package io.distill.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenericCsvReaderTest {

    @Test
    void readsHeaderlessFilesWithEveryTimestampStyleSortedByTime(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("events.csv");
        Files.writeString(file, String.join("\n",
                "alice,book-1,1700000000000,view",              // epoch millis
                "bob,book-2,1700000001,PURCHASE,2",            // epoch seconds, upper-case type, value
                "carol,book-3,2023-11-14T22:13:19Z,Add_To_Cart", // ISO instant
                "dave,book-4,2023-11-14 22:13:18,cart,",        // ISO local (UTC), empty value
                "erin,book-5,2023-11-14T23:13:17+01:00,buy",    // ISO with offset
                "frank,book-6,1700000000.5,order,1.25",         // fractional seconds
                "gina,book-7,1700000003000"));                  // no type: the default

        final List<Interaction> events;
        final SkipReport report;
        try (InteractionSource source = Datasets.open(file)) {
            assertThat(source.name()).isEqualTo("events");
            events = source.stream().toList();
            report = source.skipReport();
        }

        assertThat(report.totalSkipped()).isZero();
        // 1700000000 s is 2023-11-14T22:13:20Z: the ISO lines fall just before it
        assertThat(events).extracting(Interaction::getEventId).containsExactly(
                "events:5", "events:4", "events:3", "events:1", "events:6", "events:2", "events:7");
        assertThat(events).extracting(Interaction::getType).containsExactly(
                InteractionType.PURCHASE, InteractionType.ADD_TO_CART, InteractionType.ADD_TO_CART,
                InteractionType.VIEW, InteractionType.PURCHASE, InteractionType.PURCHASE, InteractionType.CLICK);
        assertThat(events).extracting(Interaction::getTimestamp).containsExactly(
                Instant.parse("2023-11-14T22:13:17Z"), Instant.parse("2023-11-14T22:13:18Z"),
                Instant.parse("2023-11-14T22:13:19Z"), Instant.ofEpochMilli(1_700_000_000_000L),
                Instant.ofEpochMilli(1_700_000_000_500L), Instant.ofEpochSecond(1_700_000_001L),
                Instant.ofEpochMilli(1_700_000_003_000L));
        assertThat(events).extracting(Interaction::getValue).containsExactly(null, null, null, null, 1.25, 2.0, null);
    }

    @Test
    void mapsNamedHeaderColumnsInAnyOrder(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("shop.csv");
        Files.writeString(file, String.join("\n",
                "event_type,timestamp,item_id,user_id,rating,page",
                "click,1700000000,i1,u1,4,home",
                "\"view\",1700000005,\"i,2\",u2,,search") + "\n");

        final List<Interaction> events;
        try (InteractionSource source = Datasets.open(file, DatasetFormat.GENERIC_CSV,
                DatasetOptions.DEFAULTS.withDefaultType(InteractionType.VIEW))) {
            events = source.stream().toList();
        }

        assertThat(events).hasSize(2);
        assertThat(events.get(0).getUserId()).isEqualTo("u1");
        assertThat(events.get(0).getItemId()).isEqualTo("i1");
        assertThat(events.get(0).getType()).isEqualTo(InteractionType.CLICK);
        assertThat(events.get(0).getValue()).isEqualTo(4.0);
        assertThat(events.get(0).getEventId()).isEqualTo("shop:2");
        assertThat(events.get(1).getItemId()).isEqualTo("i,2");
        assertThat(events.get(1).getValue()).isNull();
    }

    @Test
    void skipsAnUnrecognisedHeaderAndReadsPositionally(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("plain.csv");
        Files.writeString(file, "who,what,when\nu1,i1,1700000000\n");

        final List<Interaction> events;
        final SkipReport report;
        try (InteractionSource source = Datasets.open(file)) {
            events = source.stream().toList();
            report = source.skipReport();
        }

        assertThat(events).extracting(Interaction::getEventId).containsExactly("plain:2");
        assertThat(report.recordsRead()).isEqualTo(1);
        assertThat(report.totalSkipped()).isZero();
    }

    @Test
    void countsAndSkipsBadLinesWithoutStopping(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("bad.csv");
        Files.writeString(file, String.join("\n",
                "user,item,timestamp,type,value",
                "u1,i1,1700000000,click,1",                 // 2 ok
                "u2,i2",                                    // 3 wrong field count
                "u3,i3,1700000000,click,1,extra",           // 4 wrong field count
                ",i4,1700000000,click",                     // 5 missing user
                "u5,,1700000000,click",                     // 6 missing item
                "u6,i6,soon,click",                         // 7 bad timestamp
                "u7,i7,1700000000,like",                    // 8 unknown type
                "u8,i8,1700000000,click,lots",              // 9 bad number
                "u9,i9,1700000000,click,NaN",               // 10 bad number
                "u10,\"i10,1700000000,click",               // 11 unterminated quote
                "u11,\"i11\"x,1700000000,click",            // 12 text after closing quote
                "",                                         // 13 blank
                "u12,\"multi",                              // 14 a quoted field spanning two lines
                "line\",1700000001,view",                   // 15
                "u13,i13,1700000002,view") + "\n");         // 16 ok

        final List<Interaction> events;
        final SkipReport report;
        try (InteractionSource source = Datasets.open(file)) {
            events = source.stream().toList();
            report = source.skipReport();
        }

        assertThat(events).extracting(Interaction::getEventId).containsExactly("bad:2", "bad:14", "bad:16");
        assertThat(events.get(1).getItemId()).isEqualTo("multi\nline");
        assertThat(report.skipped()).containsExactlyInAnyOrderEntriesOf(Map.of(
                SkipReason.WRONG_FIELD_COUNT, 2L,
                SkipReason.MISSING_FIELD, 2L,
                SkipReason.BAD_TIMESTAMP, 1L,
                SkipReason.UNKNOWN_TYPE, 1L,
                SkipReason.BAD_NUMBER, 2L,
                SkipReason.MALFORMED_CSV, 2L,
                SkipReason.BLANK_LINE, 1L));
        assertThat(report.firstLine()).containsEntry(SkipReason.MALFORMED_CSV, 11L)
                .containsEntry(SkipReason.WRONG_FIELD_COUNT, 3L);
        assertThat(report.recordsRead()).isEqualTo(14);
        assertThat(report.emitted()).isEqualTo(3);
    }

    @Test
    void producesIdenticalEventIdsOnEveryRead(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("again.csv");
        Files.writeString(file, "u1,i1,1700000002\nu2,i2,1700000001\nu1,i1,1700000002\n");

        final List<String> first;
        final List<String> second;
        try (InteractionSource source = Datasets.open(file)) {
            first = source.stream().map(Interaction::getEventId).toList();
        }
        try (InteractionSource source = Datasets.open(file)) {
            second = source.stream().map(Interaction::getEventId).toList();
        }

        assertThat(first).containsExactly("again:2", "again:1", "again:3").isEqualTo(second);
    }
}
