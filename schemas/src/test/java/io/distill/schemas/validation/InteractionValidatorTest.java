package io.distill.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InteractionValidatorTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private final InteractionValidator validator = new InteractionValidator(ValidationLimits.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));

    private static Interaction.Builder valid() {
        return Interaction.newBuilder().setEventId("e1").setUserId("u1").setItemId("i1").setType(InteractionType.CLICK)
            .setTimestamp(NOW.minusSeconds(60));
    }

    private RejectReason reasonOf(final String key, final Interaction event) {
        final Verdict verdict = validator.validate(key, event);
        return verdict instanceof Verdict.Rejected rejected ? rejected.reason() : null;
    }

    @Test
    void acceptsAWellFormedEventWithoutAllocatingAVerdict() {
        assertThat(validator.validate("u1", valid().build())).isSameAs(Verdict.ACCEPTED);
        assertThat(validator.validate(null, valid().setValue(3.0).setContext(Map.of("device", "ios")).build()))
            .isSameAs(Verdict.ACCEPTED);
    }

    @Test
    void namesTheReasonOfEachRejection() {
        assertThat(reasonOf("u1", null)).isEqualTo(RejectReason.EMPTY_VALUE);
        assertThat(reasonOf("u1", valid().setEventId(" ").build())).isEqualTo(RejectReason.MISSING_EVENT_ID);
        assertThat(reasonOf("", valid().setUserId("").build())).isEqualTo(RejectReason.MISSING_USER_ID);
        assertThat(reasonOf("u1", valid().setItemId("").build())).isEqualTo(RejectReason.MISSING_ITEM_ID);
        assertThat(reasonOf("u1", valid().setItemId("x".repeat(257)).build())).isEqualTo(RejectReason.ID_TOO_LONG);
        assertThat(reasonOf("u2", valid().build())).isEqualTo(RejectReason.KEY_MISMATCH);
        assertThat(reasonOf("u1", valid().setType(InteractionType.UNKNOWN).build())).isEqualTo(RejectReason.UNKNOWN_TYPE);
        assertThat(reasonOf("u1", valid().setTimestamp(Instant.parse("1999-12-31T23:59:59Z")).build()))
            .isEqualTo(RejectReason.TIMESTAMP_TOO_OLD);
        assertThat(reasonOf("u1", valid().setTimestamp(NOW.plusSeconds(2 * 86_400)).build()))
            .isEqualTo(RejectReason.TIMESTAMP_IN_FUTURE);
        assertThat(reasonOf("u1", valid().setValue(Double.NaN).build())).isEqualTo(RejectReason.VALUE_NOT_FINITE);
        final Map<String, String> big = new HashMap<>();
        for (int i = 0; i < 65; i++) {
            big.put("k" + i, "v");
        }
        assertThat(reasonOf("u1", valid().setContext(big).build())).isEqualTo(RejectReason.CONTEXT_TOO_LARGE);
        assertThat(reasonOf("u1", valid().setContext(Map.of("k", "v".repeat(20_000))).build()))
            .isEqualTo(RejectReason.CONTEXT_TOO_LARGE);
    }

    @Test
    void boundariesAreInclusive() {
        assertThat(validator.validate("u1", valid().setTimestamp(Instant.parse("2000-01-01T00:00:00Z")).build()))
            .isSameAs(Verdict.ACCEPTED);
        assertThat(validator.validate("u1", valid().setTimestamp(NOW.plusSeconds(86_400)).build())).isSameAs(Verdict.ACCEPTED);
        assertThat(validator.validate("u1", valid().setItemId("x".repeat(256)).build())).isSameAs(Verdict.ACCEPTED);
    }

    @Test
    void rejectionDetailSaysWhatWasWrong() {
        final Verdict verdict = validator.validate("u1", valid().setItemId("x".repeat(300)).build());
        assertThat(((Verdict.Rejected) verdict).detail()).isEqualTo("itemId has 300 characters, more than 256");
    }
}
