package io.distill.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OttoReaderTest {

    // From /work/shared/data/README.md, re-counted with python3's json module.
    private static final int EVENTS = 862;
    private static final long CLICKS = 800;
    private static final long CARTS = 52;
    private static final long ORDERS = 10;
    private static final int ITEMS = 510;
    private static final int SESSIONS = 20;

    @Test
    void readsTheRealSampleIntoGlobalTimeOrder() {
        final List<Interaction> events;
        final SkipReport report;
        try (InteractionSource source = Datasets.open(SharedDatasets.ottoSample())) {
            assertThat(source.name()).isEqualTo("train_first20sessions");
            assertThat(source.estimatedSize()).hasValue(EVENTS);
            events = source.stream().toList();
            report = source.skipReport();
        }

        assertThat(events).hasSize(EVENTS);
        assertThat(report.recordsRead()).isEqualTo(EVENTS);
        assertThat(report.totalSkipped()).isZero();
        final Map<InteractionType, Long> byType =
                events.stream().collect(Collectors.groupingBy(Interaction::getType, Collectors.counting()));
        assertThat(byType).containsExactlyInAnyOrderEntriesOf(Map.of(
                InteractionType.CLICK, CLICKS, InteractionType.ADD_TO_CART, CARTS, InteractionType.PURCHASE, ORDERS));
        assertThat(events.stream().map(Interaction::getItemId).distinct().count()).isEqualTo(ITEMS);
        assertThat(events.stream().map(Interaction::getUserId).distinct().count()).isEqualTo(SESSIONS);
        assertThat(events.stream().map(Interaction::getEventId).distinct().count()).isEqualTo(EVENTS);
        assertThat(events).extracting(Interaction::getTimestamp).isSortedAccordingTo(Comparator.naturalOrder());
        assertThat(events).allSatisfy(e -> assertThat(e.getValue()).isNull());

        final Interaction first = events.get(0);
        assertThat(first.getEventId()).isEqualTo("train_first20sessions:1:0");
        assertThat(first.getUserId()).isEqualTo("0");
        assertThat(first.getItemId()).isEqualTo("1517085");
        assertThat(first.getType()).isEqualTo(InteractionType.CLICK);
        assertThat(first.getTimestamp()).isEqualTo(Instant.ofEpochMilli(1_659_304_800_025L));
        assertThat(events.get(EVENTS - 1).getTimestamp()).isEqualTo(Instant.ofEpochMilli(1_661_723_997_885L));
    }

    @Test
    void equalTimestampsKeepFileOrder(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("ties.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"session\":7,\"events\":[{\"aid\":1,\"ts\":1659304800000,\"type\":\"clicks\"},"
                        + "{\"aid\":2,\"ts\":1659304900000,\"type\":\"carts\"}]}",
                "{\"session\":3,\"events\":[{\"aid\":3,\"ts\":1659304800000,\"type\":\"orders\"},"
                        + "{\"aid\":4,\"ts\":1659304700000,\"type\":\"clicks\"}]}"));

        final List<Interaction> events;
        try (InteractionSource source = Datasets.open(file, DatasetFormat.OTTO, DatasetOptions.DEFAULTS)) {
            events = source.stream().toList();
        }

        assertThat(events).extracting(Interaction::getEventId)
                .containsExactly("ties:2:1", "ties:1:0", "ties:2:0", "ties:1:1");
        assertThat(events).extracting(Interaction::getType).containsExactly(
                InteractionType.CLICK, InteractionType.CLICK, InteractionType.PURCHASE, InteractionType.ADD_TO_CART);
    }

    @Test
    void skipsBadLinesAndBadEventsWithReasons(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("bad.jsonl.gz");
        final String text = String.join("\n",
                "{\"session\":1,\"events\":[{\"aid\":10,\"ts\":1659304800000,\"type\":\"clicks\"}]}", // 1 ok
                "{\"session\":2,\"events\":[{\"aid\":11,\"ts\":1659304800000,\"type\":\"clicks\"}",   // 2 truncated
                "not json at all",                                                                 // 3
                "[1,2,3]",                                                                         // 4 not an object
                "{\"events\":[]}",                                                                 // 5 no session
                "{\"session\":6,\"events\":{}}",                                                   // 6 not an array
                "",                                                                                // 7 blank
                "{\"session\":8,\"extra\":{\"x\":[1]},\"events\":["
                        + "{\"ts\":1659304800000,\"type\":\"clicks\"},"                          // no aid
                        + "{\"aid\":12,\"ts\":\"yesterday\",\"type\":\"clicks\"},"               // bad ts
                        + "{\"aid\":13,\"ts\":1659304800000,\"type\":\"likes\"},"                // unknown type
                        + "{\"aid\":14,\"ts\":1659304801,\"type\":\"orders\"}]}");               // seconds, ok
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }

        final List<Interaction> events;
        final SkipReport report;
        try (InteractionSource source = Datasets.open(file)) {
            events = source.stream().toList();
            report = source.skipReport();
        }

        final Map<String, Interaction> byId =
                events.stream().collect(Collectors.toMap(Interaction::getEventId, Function.identity()));
        assertThat(byId).containsOnlyKeys("bad:1:0", "bad:8:3");
        assertThat(byId.get("bad:8:3").getTimestamp()).isEqualTo(Instant.ofEpochSecond(1_659_304_801L));
        assertThat(report.skipped()).containsExactlyInAnyOrderEntriesOf(Map.of(
                SkipReason.MALFORMED_JSON, 5L,
                SkipReason.BLANK_LINE, 1L,
                SkipReason.MISSING_FIELD, 1L,
                SkipReason.BAD_TIMESTAMP, 1L,
                SkipReason.UNKNOWN_TYPE, 1L));
        assertThat(report.firstLine()).containsEntry(SkipReason.MALFORMED_JSON, 2L)
                .containsEntry(SkipReason.UNKNOWN_TYPE, 8L);
        assertThat(report.emitted()).isEqualTo(2);
    }
}
