package io.distill.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
    private final StringWriter written = new StringWriter();

    private ProgressBar.Builder bar() {
        return ProgressBar.builder(new PrintWriter(written), "produce").unit("events").clock(clock);
    }

    @Test
    void showsCountPercentageRateAndEta() {
        final ProgressBar bar = bar().total(1_000).build();
        bar.update(0);
        clock.advance(Duration.ofSeconds(2));
        bar.update(250);

        assertThat(bar.line()).isEqualTo("produce: 250/1,000 events  25.0%, 125 events/s, ETA 0:06");
    }

    @Test
    void rateStartsAtTheFirstUpdateAndIsUnknownAtFirst() {
        final ProgressBar bar = bar().total(1_000).build();
        clock.advance(Duration.ofSeconds(10));
        bar.update(1);
        clock.advance(Duration.ofMillis(100));
        bar.update(11);
        assertThat(bar.line()).isEqualTo("produce: 11/1,000 events   1.1%, -- events/s, ETA --:--");

        clock.advance(Duration.ofMillis(900));
        bar.update(101);
        assertThat(bar.line()).as("setup time before the first update does not count")
            .isEqualTo("produce: 101/1,000 events  10.1%, 100 events/s, ETA 0:09");
    }

    @Test
    void terminalRedrawsOneLineInPlaceAndEndsItOnFinish() {
        final ProgressBar bar = bar().total(100).interactive(true).redrawEvery(Duration.ofMillis(200)).build();

        clock.advance(Duration.ofMillis(100));
        bar.update(0);
        assertThat(written.toString()).as("no redraw before the interval").isEmpty();

        clock.advance(Duration.ofMillis(100));
        bar.update(50);
        clock.advance(Duration.ofMillis(900));
        bar.update(100);
        bar.finish();

        final String text = written.toString();
        assertThat(text).startsWith("\rproduce [" + "=".repeat(12) + ">" + " ".repeat(11) + "] 50/100 events  50.0%,"
                + " -- events/s, ETA --:--")
            .contains("\rproduce [" + "=".repeat(24) + "] 100/100 events 100.0%, 100 events/s, 0:01 elapsed")
            .endsWith(System.lineSeparator());
        assertThat(text.substring(0, text.length() - System.lineSeparator().length())).doesNotContain("\n");
    }

    @Test
    void withoutTerminalPrintsALineEveryInterval() {
        final ProgressBar bar = bar().total(10_000).logEvery(Duration.ofSeconds(5)).build();
        bar.update(0);
        for (int second = 1; second <= 12; second++) {
            clock.advance(Duration.ofSeconds(1));
            bar.update(second * 100L);
        }
        bar.finish();

        assertThat(written.toString().lines()).containsExactly(
            "produce: 500/10,000 events   5.0%, 100 events/s, ETA 1:35",
            "produce: 1,000/10,000 events  10.0%, 100 events/s, ETA 1:30",
            "produce: 1,200/10,000 events  12.0%, 100 events/s, 0:12 elapsed");
    }

    @Test
    void unknownTotalShowsCountRateAndElapsed() {
        final ProgressBar bar = bar().build();
        bar.update(0);
        clock.advance(Duration.ofSeconds(4));
        bar.update(2_000);

        assertThat(bar.line()).isEqualTo("produce: 2,000 events, 500 events/s, 0:04 elapsed");
    }

    @Test
    void updatesAfterFinishAreIgnoredAndFinishIsIdempotent() {
        final ProgressBar bar = bar().total(10).build();
        bar.update(0);
        clock.advance(Duration.ofSeconds(1));
        bar.update(10);
        bar.finish();
        bar.finish();
        clock.advance(Duration.ofSeconds(10));
        bar.update(10);

        assertThat(written.toString().lines()).containsExactly("produce: 10/10 events 100.0%, 10 events/s, 0:01 elapsed");
    }

    @Test
    void formatsClockTimes() {
        assertThat(ProgressBar.clockTime(Duration.ofSeconds(7))).isEqualTo("0:07");
        assertThat(ProgressBar.clockTime(Duration.ofSeconds(754))).isEqualTo("12:34");
        assertThat(ProgressBar.clockTime(Duration.ofSeconds(3723))).isEqualTo("1:02:03");
    }
}
