package io.distill.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.avro.InteractionType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void tellsSecondsFromMillisByMagnitude() {
        assertThat(Timestamps.parseAuto("1700000000")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(Timestamps.parseAuto("1700000000000")).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(Timestamps.parseAuto("99999999999")).isEqualTo(Instant.ofEpochSecond(99_999_999_999L));
        assertThat(Timestamps.parseAuto("100000000000")).isEqualTo(Instant.ofEpochMilli(100_000_000_000L));
        assertThat(Timestamps.parseAuto(" 1700000000.25 ")).isEqualTo(Instant.ofEpochMilli(1_700_000_000_250L));
    }

    @Test
    void readsIsoDateTimesAsUtcUnlessAnOffsetIsGiven() {
        assertThat(Timestamps.parseAuto("2011-12-09 12:50:00")).isEqualTo(Instant.parse("2011-12-09T12:50:00Z"));
        assertThat(Timestamps.parseAuto("2011-12-09T12:50")).isEqualTo(Instant.parse("2011-12-09T12:50:00Z"));
        assertThat(Timestamps.parseAuto("2011-12-09T12:50:00.123Z"))
                .isEqualTo(Instant.parse("2011-12-09T12:50:00.123Z"));
        assertThat(Timestamps.parseAuto("2011-12-09T13:50:00+01:00")).isEqualTo(Instant.parse("2011-12-09T12:50:00Z"));
        assertThat(Timestamps.parseAuto("2011-12-09T13:50:00+01:00[Europe/Paris]"))
                .isEqualTo(Instant.parse("2011-12-09T12:50:00Z"));
        assertThat(Timestamps.parseAuto("2011-12-09")).isEqualTo(Instant.parse("2011-12-09T00:00:00Z"));
    }

    @Test
    void returnsNullForText() {
        assertThat(Timestamps.parseAuto("")).isNull();
        assertThat(Timestamps.parseAuto("yesterday")).isNull();
        assertThat(Timestamps.parseAuto("2011-13-45 10:00:00")).isNull();
        assertThat(Timestamps.parseAuto("99999999999999999999999")).isNull();
        assertThat(Timestamps.parseEpochSeconds("12.5")).isNull();
    }

    @Test
    void readsTypeNamesLeniently() {
        assertThat(TypeNames.parse("clicks")).isEqualTo(InteractionType.CLICK);
        assertThat(TypeNames.parse(" Add-To-Cart ")).isEqualTo(InteractionType.ADD_TO_CART);
        assertThat(TypeNames.parse("carts")).isEqualTo(InteractionType.ADD_TO_CART);
        assertThat(TypeNames.parse("ORDERS")).isEqualTo(InteractionType.PURCHASE);
        assertThat(TypeNames.parse("buy")).isEqualTo(InteractionType.PURCHASE);
        assertThat(TypeNames.parse("View")).isEqualTo(InteractionType.VIEW);
        assertThat(TypeNames.parse("like")).isNull();
        assertThat(TypeNames.parse("unknown")).isNull();
    }
}
