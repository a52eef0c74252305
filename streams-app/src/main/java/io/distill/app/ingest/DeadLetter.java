package io.distill.app.ingest;

import io.distill.schemas.validation.RejectReason;
import java.time.Instant;
import java.util.Objects;

/**
 * Why and from where a record was dead-lettered: the content of its {@link DeadLetterHeaders}.
 *
 * @param reason          the reject reason code ({@code distill.dlq.reason})
 * @param detail          human-readable explanation ({@code distill.dlq.detail})
 * @param errorClass      the exception class that rejected the record, or {@link DeadLetterHeaders#VALIDATION} when a
 *                        check (not an exception) did ({@code distill.dlq.error.class})
 * @param sourceTopic     topic the record was read from
 * @param sourcePartition partition it was read from, or -1 when unknown
 * @param sourceOffset    offset it was read at, or -1 when unknown
 * @param ingestedAt      when the ingest rejected it, by the ingest's clock
 */
public record DeadLetter(RejectReason reason, String detail, String errorClass, String sourceTopic, int sourcePartition,
                         long sourceOffset, Instant ingestedAt) {

    public DeadLetter {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(sourceTopic, "sourceTopic");
        Objects.requireNonNull(ingestedAt, "ingestedAt");
    }

    /** True when a check rejected the record rather than an exception. */
    public boolean isValidation() {
        return DeadLetterHeaders.VALIDATION.equals(errorClass);
    }
}
