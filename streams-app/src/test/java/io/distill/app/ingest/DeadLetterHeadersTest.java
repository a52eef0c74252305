package io.distill.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.schemas.DistillException;
import io.distill.schemas.validation.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00.123Z");
    private static final DeadLetter LETTER = new DeadLetter(RejectReason.WRONG_SCHEMA, "writer schema SoftLabel", "x.Y", "interactions",
        3, 1234567890123L, AT);

    @Test
    void writtenHeadersReadBackAndKeepTheOthers() {
        final Headers headers = new RecordHeaders().add("trace-id", "t1".getBytes(StandardCharsets.UTF_8));
        DeadLetterHeaders.write(headers, LETTER);

        assertThat(DeadLetterHeaders.read(headers)).contains(LETTER);
        assertThat(DeadLetterHeaders.value(headers, "trace-id")).contains("t1");
        assertThat(DeadLetterHeaders.value(headers, DeadLetterHeaders.REASON)).contains("WRONG_SCHEMA");
        assertThat(DeadLetterHeaders.value(headers, DeadLetterHeaders.SOURCE_PARTITION)).contains("3");
        assertThat(DeadLetterHeaders.value(headers, DeadLetterHeaders.SOURCE_OFFSET)).contains("1234567890123");
        assertThat(DeadLetterHeaders.value(headers, DeadLetterHeaders.INGESTED_AT)).contains("2026-03-01T12:00:00.123Z");
        assertThat(headers.toArray()).hasSize(1 + DeadLetterHeaders.ALL.size());
    }

    @Test
    void writingAgainReplacesTheEarlierRejection() {
        final Headers headers = new RecordHeaders();
        DeadLetterHeaders.write(headers, LETTER);
        final DeadLetter again = new DeadLetter(RejectReason.DUPLICATE_EVENT, "dup", DeadLetterHeaders.VALIDATION, "interactions", 0,
            5, AT);
        DeadLetterHeaders.write(headers, again);
        assertThat(DeadLetterHeaders.read(headers)).contains(again);
        assertThat(headers.toArray()).hasSize(DeadLetterHeaders.ALL.size());
        assertThat(again.isValidation()).isTrue();
    }

    @Test
    void longDetailsAreCut() {
        final Headers headers = new RecordHeaders();
        DeadLetterHeaders.write(headers, new DeadLetter(RejectReason.PROCESSING_ERROR, "x".repeat(10_000), "E", "t", 0, 0, AT));
        assertThat(DeadLetterHeaders.read(headers).orElseThrow().detail()).hasSize(DeadLetterHeaders.MAX_DETAIL_CHARS).endsWith("...");
    }

    @Test
    void aRecordWithoutReasonHasNoDeadLetter() {
        assertThat(DeadLetterHeaders.read(new RecordHeaders())).isEmpty();
    }

    @Test
    void unreadableHeadersAreNamed() {
        final Headers unknownReason = new RecordHeaders();
        DeadLetterHeaders.write(unknownReason, LETTER);
        unknownReason.remove(DeadLetterHeaders.REASON);
        unknownReason.add(DeadLetterHeaders.REASON, "FROM_THE_FUTURE".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> DeadLetterHeaders.read(unknownReason)).isInstanceOf(DistillException.class)
            .hasMessageContaining(DeadLetterHeaders.REASON).hasMessageContaining("FROM_THE_FUTURE");

        final Headers missingOffset = new RecordHeaders();
        DeadLetterHeaders.write(missingOffset, LETTER);
        missingOffset.remove(DeadLetterHeaders.SOURCE_OFFSET);
        assertThatThrownBy(() -> DeadLetterHeaders.read(missingOffset)).isInstanceOf(DistillException.class)
            .hasMessageContaining(DeadLetterHeaders.SOURCE_OFFSET);

        final Headers badPartition = new RecordHeaders();
        DeadLetterHeaders.write(badPartition, LETTER);
        badPartition.remove(DeadLetterHeaders.SOURCE_PARTITION);
        badPartition.add(DeadLetterHeaders.SOURCE_PARTITION, "three".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> DeadLetterHeaders.read(badPartition)).isInstanceOf(DistillException.class)
            .hasMessageContaining(DeadLetterHeaders.SOURCE_PARTITION + "=three");
    }
}
