package io.distill.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.avro.Interaction;
import io.distill.datasets.DatasetFormat;
import io.distill.datasets.InteractionSource;
import io.distill.datasets.SyntheticStream;
import io.distill.schemas.DistillException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoSourceTest {
    private static List<Interaction> drain(final DemoSource source) {
        final List<Interaction> events = new ArrayList<>();
        while (source.hasNext()) {
            events.add(source.next());
        }
        return events;
    }

    @Test
    void aSecondRunContinuesTheSyntheticWorldWhereTheFirstStopped() {
        final List<Interaction> world = new ArrayList<>();
        try (InteractionSource source = new SyntheticStream(DemoSource.WORLD).open()) {
            for (int i = 0; i < 300 && source.hasNext(); i++) {
                world.add(source.next());
            }
        }
        final List<Interaction> first;
        final List<Interaction> second;
        try (DemoSource run = DemoSource.synthetic(200, name -> 0)) {
            assertThat(run.name()).isEqualTo("synthetic-42");
            assertThat(run.first()).isZero();
            assertThat(run.planned()).isEqualTo(200);
            assertThat(run.describe()).isEqualTo("synthetic-42, events 0..199");
            assertThat(run.world()).isPresent();
            first = drain(run);
            assertThat(run.emitted()).isEqualTo(200);
        }
        try (DemoSource run = DemoSource.synthetic(100, name -> name.equals("synthetic-42") ? 200 : 0)) {
            assertThat(run.describe()).isEqualTo("synthetic-42, events 200..299");
            second = drain(run);
        }

        assertThat(first).hasSize(200);
        assertThat(second).hasSize(100);
        final List<Interaction> both = new ArrayList<>(first);
        both.addAll(second);
        for (int i = 0; i < both.size(); i++) {
            final Interaction expected = world.get(i);
            assertThat(both.get(i).getEventId()).isEqualTo("demo-" + expected.getEventId());
            assertThat(Interaction.newBuilder(both.get(i)).setEventId(expected.getEventId()).build()).isEqualTo(expected);
        }
    }

    @Test
    void theWorldsUsersAllArriveDuringTheFirstDefaultRun() {
        final SyntheticStream world = new SyntheticStream(DemoSource.WORLD);

        assertThat(world.userIds()).allMatch(user -> world.arrivalEvent(user) < DemoSource.DEFAULT_EVENTS);
        assertThat(DemoSource.WORLD.events()).isEqualTo(DemoSource.WORLD_EVENTS);
    }

    @Test
    void aRunThatDoesNotFitInTheWorldIsRefused() {
        assertThatThrownBy(() -> DemoSource.synthetic(DemoSource.DEFAULT_EVENTS, name -> DemoSource.WORLD_EVENTS - 10))
            .isInstanceOf(DistillException.class).hasMessageContaining("Use a fresh --dir");
    }

    @Test
    void aDatasetContinuesAfterWhatEarlierRunsPublishedAndEndsWhenPublished(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("clicks.csv");
        final StringBuilder csv = new StringBuilder("user,item,timestamp\n");
        for (int i = 0; i < 10; i++) {
            csv.append("u").append(i % 3).append(",i").append(i).append(",2024-01-01T00:00:0").append(i).append("Z\n");
        }
        Files.writeString(file, csv);

        final List<Interaction> first;
        try (DemoSource run = DemoSource.dataset(file, DatasetFormat.AUTO, 4, name -> 0)) {
            assertThat(run.name()).isEqualTo("clicks");
            assertThat(run.planned()).isEqualTo(4);
            assertThat(run.world()).isEmpty();
            first = drain(run);
        }
        final List<Interaction> rest;
        try (DemoSource run = DemoSource.dataset(file, DatasetFormat.GENERIC_CSV, 0, name -> name.equals("clicks") ? 4 : 0)) {
            assertThat(run.first()).isEqualTo(4);
            rest = drain(run);
        }

        assertThat(first).extracting(Interaction::getItemId).containsExactly("i0", "i1", "i2", "i3");
        assertThat(rest).extracting(Interaction::getItemId).containsExactly("i4", "i5", "i6", "i7", "i8", "i9");
        assertThat(rest.get(0).getEventId()).as("dataset ids are the dataset's own").doesNotStartWith("demo-");
        assertThatThrownBy(() -> DemoSource.dataset(file, DatasetFormat.AUTO, 0, name -> 10))
            .isInstanceOf(DistillException.class).hasMessageContaining("already published all 10 events of clicks");
        assertThatThrownBy(() -> DemoSource.dataset(file, DatasetFormat.AUTO, 0, name -> 11))
            .isInstanceOf(DistillException.class).hasMessageContaining("progress.properties");
    }
}
