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

class MovieLensReaderTest {

    @Test
    void readsUDataSortedByTimeWithRatingsAsClickValues(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("u.data");
        Files.writeString(file, String.join("\n",
                "196\t242\t3\t881250949",
                "186\t302\t3\t891717742",
                "22\t377\t1\t878887116",
                "244\t51\t2\t880606923") + "\n");

        final List<Interaction> events;
        try (InteractionSource source = Datasets.open(file)) {
            assertThat(source.name()).isEqualTo("u");
            events = source.stream().toList();
        }

        assertThat(events).extracting(Interaction::getEventId).containsExactly("u:3", "u:4", "u:1", "u:2");
        final Interaction first = events.get(0);
        assertThat(first.getUserId()).isEqualTo("22");
        assertThat(first.getItemId()).isEqualTo("377");
        assertThat(first.getType()).isEqualTo(InteractionType.CLICK);
        assertThat(first.getValue()).isEqualTo(1.0);
        assertThat(first.getTimestamp()).isEqualTo(Instant.ofEpochSecond(878_887_116L));
        assertThat(first.getContext()).isNull();
    }

    @Test
    void readsRatingsDatWithAThresholdAndAConfiguredType(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("ratings.dat");
        Files.writeString(file, String.join("\n",
                "1::1193::5::978300760",
                "1::661::3::978302109",
                "2::1357::4::978298709",
                "2::3068::4.5::978299000") + "\n");
        final DatasetOptions options = DatasetOptions.DEFAULTS.withMinRating(4).withRatingType(InteractionType.PURCHASE)
                .withName("ml-1m");

        final List<Interaction> events;
        final SkipReport report;
        try (InteractionSource source = Datasets.open(file, DatasetFormat.AUTO, options)) {
            events = source.stream().toList();
            report = source.skipReport();
        }

        assertThat(events).extracting(Interaction::getEventId).containsExactly("ml-1m:3", "ml-1m:4", "ml-1m:1");
        assertThat(events).extracting(Interaction::getValue).containsExactly(4.0, 4.5, 5.0);
        assertThat(events).extracting(Interaction::getType).containsOnly(InteractionType.PURCHASE);
        assertThat(report.skipped()).containsExactlyInAnyOrderEntriesOf(Map.of(SkipReason.BELOW_MIN_RATING, 1L));
        assertThat(report.recordsRead()).isEqualTo(4);
    }

    @Test
    void readsRatingsCsvWithHeaderAndCountsBadLines(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("ratings.csv");
        Files.writeString(file, String.join("\n",
                "userId,movieId,rating,timestamp",
                "1,296,5.0,1147880044",
                "1,306,3.5",
                "1,307,five,1147868828",
                "1,665,5.0,later",
                ",899,3.5,1147868510",
                "",
                "2,1088,4.0,1147868495") + "\n");

        final List<Interaction> events;
        final SkipReport report;
        try (InteractionSource source = Datasets.open(file)) {
            events = source.stream().toList();
            report = source.skipReport();
        }

        assertThat(events).extracting(Interaction::getEventId).containsExactly("ratings:8", "ratings:2");
        assertThat(report.skipped()).containsExactlyInAnyOrderEntriesOf(Map.of(
                SkipReason.WRONG_FIELD_COUNT, 1L,
                SkipReason.BAD_NUMBER, 1L,
                SkipReason.BAD_TIMESTAMP, 1L,
                SkipReason.MISSING_FIELD, 1L,
                SkipReason.BLANK_LINE, 1L));
        assertThat(report.recordsRead()).isEqualTo(7);
    }
}
