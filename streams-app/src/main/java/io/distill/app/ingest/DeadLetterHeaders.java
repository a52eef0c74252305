package io.distill.app.ingest;

import io.distill.schemas.DistillException;
import io.distill.schemas.validation.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The headers the ingest adds to every record it writes to the dead-letter topic, next to the record's own
 * headers (kept). Values are UTF-8 strings; partition and offset are decimal, the time an ISO-8601 instant.
 * These names are a contract with operators and tools: add, never rename.
 *
 * <p>Reading back: {@link #read(Headers)} gives the whole {@link DeadLetter}, {@link #value(Headers, String)} one
 * header. A record that went through the dead-letter topic more than once (replayed into the input and rejected
 * again) carries only the latest rejection: {@link #write} replaces these headers instead of adding to them.
 */
public final class DeadLetterHeaders {
    /** The {@link RejectReason} name. */
    public static final String REASON = "distill.dlq.reason";
    /** A human-readable explanation: the failed check, or the exception message. */
    public static final String DETAIL = "distill.dlq.detail";
    /** The class of the exception that rejected the record, or {@link #VALIDATION}. */
    public static final String ERROR_CLASS = "distill.dlq.error.class";
    /** The topic the record was read from. */
    public static final String SOURCE_TOPIC = "distill.dlq.source.topic";
    /** The partition the record was read from. */
    public static final String SOURCE_PARTITION = "distill.dlq.source.partition";
    /** The offset the record was read at. */
    public static final String SOURCE_OFFSET = "distill.dlq.source.offset";
    /** When the ingest rejected the record (ISO-8601 instant, the ingest's clock). */
    public static final String INGESTED_AT = "distill.dlq.ingested.at";

    /** Every header above, in the order they are written. */
    public static final List<String> ALL = List.of(REASON, DETAIL, ERROR_CLASS, SOURCE_TOPIC, SOURCE_PARTITION, SOURCE_OFFSET,
        INGESTED_AT);

    /** {@link #ERROR_CLASS} of a record rejected by a check (validation, de-duplication) rather than an exception. */
    public static final String VALIDATION = "validation";

    /** Longest {@link #DETAIL} written, in characters: exception messages can be arbitrarily long. */
    public static final int MAX_DETAIL_CHARS = 2000;

    private DeadLetterHeaders() {
    }

    /** Replaces any dead-letter headers in {@code headers} with those of {@code letter}; other headers are kept. */
    public static Headers write(final Headers headers, final DeadLetter letter) {
        remove(headers);
        final String detail = letter.detail().length() <= MAX_DETAIL_CHARS ? letter.detail()
            : letter.detail().substring(0, MAX_DETAIL_CHARS - 3) + "...";
        add(headers, REASON, letter.reason().name());
        add(headers, DETAIL, detail);
        add(headers, ERROR_CLASS, letter.errorClass());
        add(headers, SOURCE_TOPIC, letter.sourceTopic());
        add(headers, SOURCE_PARTITION, Integer.toString(letter.sourcePartition()));
        add(headers, SOURCE_OFFSET, Long.toString(letter.sourceOffset()));
        add(headers, INGESTED_AT, letter.ingestedAt().toString());
        return headers;
    }

    /** Removes every dead-letter header from {@code headers} (e.g. from a record replayed out of the dead-letter topic). */
    public static Headers remove(final Headers headers) {
        for (final String name : ALL) {
            headers.remove(name);
        }
        return headers;
    }

    /** The last value of header {@code name}, decoded as UTF-8, if present. */
    public static Optional<String> value(final Headers headers, final String name) {
        final Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? Optional.empty()
            : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    /**
     * The dead-letter information of a record, or empty when it has no {@link #REASON} header.
     *
     * @throws DistillException naming the header when one is missing or unreadable
     */
    public static Optional<DeadLetter> read(final Headers headers) {
        final Optional<String> reason = value(headers, REASON);
        if (reason.isEmpty()) {
            return Optional.empty();
        }
        final RejectReason code;
        try {
            code = RejectReason.valueOf(reason.get());
        } catch (final IllegalArgumentException e) {
            throw new DistillException("header " + REASON + " holds '" + reason.get() + "', not a reject reason of this version", e);
        }
        final String partition = required(headers, SOURCE_PARTITION);
        final String offset = required(headers, SOURCE_OFFSET);
        final String ingestedAt = required(headers, INGESTED_AT);
        try {
            return Optional.of(new DeadLetter(code, required(headers, DETAIL), required(headers, ERROR_CLASS),
                required(headers, SOURCE_TOPIC), Integer.parseInt(partition), Long.parseLong(offset), Instant.parse(ingestedAt)));
        } catch (final NumberFormatException | DateTimeParseException e) {
            throw new DistillException("dead-letter headers " + SOURCE_PARTITION + "=" + partition + ", " + SOURCE_OFFSET + "="
                + offset + ", " + INGESTED_AT + "=" + ingestedAt + " do not parse: " + e.getMessage(), e);
        }
    }

    private static String required(final Headers headers, final String name) {
        return value(headers, name).orElseThrow(() -> new DistillException("dead-letter header " + name + " is missing"));
    }

    private static void add(final Headers headers, final String name, final String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
