package io.distill.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import io.distill.schemas.validation.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BadEventsTest {
    private static Interaction event(final long n) {
        return Interaction.newBuilder().setEventId("e" + n).setUserId("u" + n % 7).setItemId("i" + n % 11)
            .setType(InteractionType.CLICK).setTimestamp(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(n)).setValue(null)
            .setContext(null).build();
    }

    private static List<BadEvents.BadRecord> run(final BadEvents bad, final long events) {
        final List<BadEvents.BadRecord> out = new ArrayList<>();
        for (long n = 1; n <= events; n++) {
            final Interaction good = event(n);
            bad.after(n, good, ("bytes of " + n).getBytes(StandardCharsets.UTF_8)).ifPresent(out::add);
        }
        return out;
    }

    @Test
    void oneBadRecordPerThousandEventsFromTheFiveHundredthOnTheKindsTakingTurns() {
        final BadEvents bad = new BadEvents(1);
        final List<BadEvents.BadRecord> records = run(bad, 4_600);

        assertThat(records).extracting(BadEvents.BadRecord::kind).containsExactly(BadEvents.Kind.NOT_AVRO,
            BadEvents.Kind.MISSING_USER_ID, BadEvents.Kind.UNKNOWN_TYPE, BadEvents.Kind.DUPLICATE, BadEvents.Kind.NOT_AVRO);
        assertThat(new BadEvents(1).countFor(4_600)).isEqualTo(records.size());
        assertThat(new BadEvents(1).countFor(499)).isZero();
        assertThat(new BadEvents(1).countFor(500)).isOne();
        assertThat(new BadEvents(1).countFor(50_000)).isEqualTo(50);
    }

    @Test
    void eachKindIsMadeFromTheGoodEventJustSentAndKeyedByItsUser() {
        final BadEvents bad = new BadEvents(1000);
        final Interaction good = event(3);
        final byte[] encoded = {0, 1, 2, 3};

        final BadEvents.BadRecord text = bad.after(1, good, encoded).orElseThrow();
        assertThat(text.kind().reason()).isEqualTo(RejectReason.BAD_MAGIC_BYTE);
        assertThat(text.event()).isNull();
        assertThat(text.raw()[0]).as("not the magic byte").isNotZero();
        assertThat(text.key()).isEqualTo("u3");

        final BadEvents.BadRecord missingUser = bad.after(2, good, encoded).orElseThrow();
        assertThat(missingUser.kind().reason()).isEqualTo(RejectReason.MISSING_USER_ID);
        assertThat(missingUser.event().getUserId()).isEmpty();
        assertThat(missingUser.event().getEventId()).isEqualTo("e3#missing-user");
        assertThat(missingUser.key()).isEqualTo("u3");

        final BadEvents.BadRecord unknownType = bad.after(3, good, encoded).orElseThrow();
        assertThat(unknownType.kind().reason()).isEqualTo(RejectReason.UNKNOWN_TYPE);
        assertThat(unknownType.event().getType()).isEqualTo(InteractionType.UNKNOWN);
        assertThat(unknownType.event().getUserId()).as("the key must match the user, or it is a KEY_MISMATCH").isEqualTo("u3");

        final BadEvents.BadRecord duplicate = bad.after(4, good, encoded).orElseThrow();
        assertThat(duplicate.kind().reason()).isEqualTo(RejectReason.DUPLICATE_EVENT);
        assertThat(duplicate.raw()).isEqualTo(encoded).isNotSameAs(encoded);
        assertThat(good.getEventId()).as("the good event is left alone").isEqualTo("e3");
    }

    @Test
    void noneWhenTurnedOffAndTheRateIsBounded() {
        assertThat(run(new BadEvents(0), 5_000)).isEmpty();
        assertThat(new BadEvents(0).countFor(5_000)).isZero();
        assertThat(new BadEvents(10).after(50, event(50), new byte[1])).isPresent();
        assertThat(new BadEvents(10).after(51, event(51), new byte[1])).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> new BadEvents(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BadEvents(1001)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..1000");
    }
}
