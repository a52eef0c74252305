package io.distill.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.avro.DistillMetrics;
import io.distill.avro.ModelQuality;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveTableTest {
    static DistillMetrics window(final long index, final long studentHits) {
        final Instant t = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(index);
        return DistillMetrics.newBuilder().setWorker("student").setTask("0_0").setWindow(index).setWindowStart(t)
            .setWindowEnd(t).setEvents(500).setLossSum(100).setStudent(new ModelQuality(100L, studentHits, studentHits / 2.0, 0.0))
            .setTeacher(new ModelQuality(100L, 40L, 20.0, 0.0)).setPopularity(new ModelQuality(100L, 5L, 2.0, 0.0))
            .setAgreementSum(0).setLagMsSum(500 * 12L).setLagMsMax(40).setModelVersion("v").setEmittedAt(t).build();
    }

    static PipelineSnapshot snapshot(final List<DistillMetrics> windows) {
        return new PipelineSnapshot(50_050, 50_000, 50_000, 50, Map.of("BAD_MAGIC_BYTE", 13L), 49_000, 48_500, 49_000, 48_500,
            48_500, 0, 0, 500, windows, 0, 0);
    }

    @Test
    void aRowLinesUpUnderTheHeaderWithTheLatestTwoThousandEvents() {
        final List<DistillMetrics> windows = new ArrayList<>();
        for (long i = 0; i < 10; i++) {
            windows.add(window(i, i < 6 ? 0 : 30));
        }

        final String[] header = LiveTable.header().split("\n");
        final String row = LiveTable.row(Duration.ofSeconds(65), 50_050, snapshot(windows), 1234.4);

        assertThat(row).isEqualTo("   1:05    50,050    50,000    50    49,000    48,500   1,234    0.300   0.400   0.050"
            + "    0.150   0.200   0.020      12");
        assertThat(header).hasSize(2);
        assertThat(header[1]).hasSameSizeAs(row);
        assertThat(header[0].indexOf("HR@10")).isEqualTo(row.indexOf("0.300") - 2);
        assertThat(header[1]).startsWith("   time  produced");
    }

    @Test
    void noQualityBeforeTheFirstWindow() {
        assertThat(LiveTable.row(Duration.ZERO, 0, snapshot(List.of()), 0)).endsWith("      -       -       -        -       -"
            + "       -       -");
    }
}
