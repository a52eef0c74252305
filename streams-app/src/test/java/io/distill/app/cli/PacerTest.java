package io.distill.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {
    private long now = 1_000_000_000L;
    private final List<Long> sleeps = new ArrayList<>();

    private Pacer pacer(final double rate) {
        return new Pacer(rate, () -> now, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        });
    }

    @Test
    void spacesEventsEvenly() throws InterruptedException {
        final Pacer pacer = pacer(4);
        for (int i = 0; i < 5; i++) {
            pacer.acquire();
        }

        assertThat(sleeps).containsExactly(250_000_000L, 250_000_000L, 250_000_000L, 250_000_000L);
    }

    @Test
    void timeSpentElsewhereCountsTowardsTheInterval() throws InterruptedException {
        final Pacer pacer = pacer(10);
        pacer.acquire();
        now += 60_000_000L;
        pacer.acquire();

        assertThat(sleeps).containsExactly(40_000_000L);
    }

    @Test
    void catchesUpAfterAStallByAtMostOneHundredMillisecondsOfEvents() throws InterruptedException {
        final Pacer pacer = pacer(100);
        pacer.acquire();
        now += 5_000_000_000L;
        int withoutWaiting = 0;
        while (sleeps.isEmpty()) {
            pacer.acquire();
            withoutWaiting++;
        }

        // the event due now, then 100 ms worth (10) of the backlog; the rest of the stall is forgotten
        assertThat(withoutWaiting - 1).isEqualTo(11);
    }

    @Test
    void refusesNonPositiveRates() {
        assertThatThrownBy(() -> pacer(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pacer(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
