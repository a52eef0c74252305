package io.distill.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.app.ingest.DeadLetterHeaders;
import io.distill.schemas.validation.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The audit's accounting of records the feed sent twice, on hand-made records (the real runs rarely write copies). */
class PipelineAuditTest {
    private static final Function<byte[], String> EVENT_ID = bytes -> new String(bytes, StandardCharsets.UTF_8);
    private static final BadInput KIND = BadInput.TEXT_NOT_AVRO;
    private long offset;

    private ConsumerRecord<byte[], byte[]> input(final String marker, final String eventId) {
        final ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("interactions", 0, offset++, null, utf8(eventId));
        if (marker != null) {
            record.headers().add(BadInput.MARKER, utf8(marker));
        }
        return record;
    }

    private ConsumerRecord<byte[], byte[]> deadLetter(final String marker, final String eventId, final RejectReason reason) {
        final ConsumerRecord<byte[], byte[]> record = input(marker, eventId);
        record.headers().add(DeadLetterHeaders.REASON, utf8(reason.name()));
        return record;
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** interactions: bad m1 twice, good e1 twice, good e2 once. */
    private PipelineAudit.InputCopies copies() {
        return PipelineAudit.InputCopies.of(List.of(input("m1", "x"), input("m1", "x"), input(null, "e1"), input(null, "e1"),
            input(null, "e2")), EVENT_ID);
    }

    @Test
    void eachCopyOfABadRecordAndEachExtraCopyOfAGoodEventIsExpectedInTheDeadLetterTopic() {
        final PipelineAudit.DeadLetters letters = PipelineAudit.deadLetters(List.of(deadLetter("m1", "x", KIND.reason()),
            deadLetter("m1", "x", KIND.reason()), deadLetter(null, "e1", RejectReason.DUPLICATE_EVENT)), Map.of("m1", KIND),
            copies(), EVENT_ID);

        assertThat(letters.missing()).isZero();
        assertThat(letters.duplicates()).isZero();
        assertThat(letters.unexpected()).isZero();
        assertThat(letters.wrongReason()).isZero();
        assertThat(letters.copies()).isEqualTo(2);
        assertThat(letters.resentDuplicates()).isEqualTo(1);
        assertThat(letters.badSent()).isEqualTo(1);
    }

    @Test
    void aCopyNotDeadLetteredOrAGoodEventRejectedBeyondItsCopiesIsStillCaught() {
        final List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
        letters.add(deadLetter("m1", "x", KIND.reason()));
        letters.add(deadLetter(null, "e1", RejectReason.DUPLICATE_EVENT));
        letters.add(deadLetter(null, "e1", RejectReason.DUPLICATE_EVENT));
        letters.add(deadLetter(null, "e2", RejectReason.DUPLICATE_EVENT));
        final PipelineAudit.DeadLetters result = PipelineAudit.deadLetters(letters, Map.of("m1", KIND), copies(), EVENT_ID);

        assertThat(result.missing()).as("m1 is in interactions twice but dead-lettered once").isEqualTo(1);
        assertThat(result.resentDuplicates()).isEqualTo(1);
        assertThat(result.unexpected()).as("e1's second rejection and e2 (sent once) rejected").isEqualTo(2);
    }

    @Test
    void withoutCopiesABadRecordDeadLetteredTwiceIsADuplicate() {
        final PipelineAudit.InputCopies once = PipelineAudit.InputCopies.of(List.of(input("m1", "x"), input(null, "e1")), EVENT_ID);
        final PipelineAudit.DeadLetters result = PipelineAudit.deadLetters(List.of(deadLetter("m1", "x", KIND.reason()),
            deadLetter("m1", "x", KIND.reason())), Map.of("m1", KIND), once, EVENT_ID);

        assertThat(result.duplicates()).isEqualTo(1);
        assertThat(result.copies()).isZero();
    }
}
