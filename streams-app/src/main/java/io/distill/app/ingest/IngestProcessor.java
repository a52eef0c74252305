package io.distill.app.ingest;

import io.distill.avro.Interaction;
import io.distill.schemas.serde.WireFormatException;
import io.distill.schemas.validation.RejectReason;
import io.distill.schemas.validation.Verdict;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes, validates and de-duplicates each input record, and forwards it untouched either to the valid sink
 * (timestamp = event time) or to the dead-letter sink (with {@link DeadLetterHeaders}). See {@link IngestTopology}.
 */
final class IngestProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(IngestProcessor.class);

    private final Deserializer<Interaction> deserializer;
    private final EventValidator validator;
    private final Clock clock;
    private final long windowMs;
    private final String validSink;
    private final String deadLetterSink;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    private ProcessorContext<byte[], byte[]> context;
    private WindowStore<String, Long> seen;
    private IngestMetrics metrics;

    /** The outcome for one record: forward it as valid (event time given) or dead-letter it. */
    private sealed interface Outcome {
    }

    private record Accept(long eventTime) implements Outcome {
    }

    private record Reject(RejectReason reason, String detail, String errorClass) implements Outcome {
        static Reject check(final RejectReason reason, final String detail) {
            return new Reject(reason, detail, DeadLetterHeaders.VALIDATION);
        }
    }

    IngestProcessor(final Deserializer<Interaction> deserializer, final EventValidator validator, final Clock clock,
                    final long windowMs, final String validSink, final String deadLetterSink) {
        this.deserializer = deserializer;
        this.validator = validator;
        this.clock = clock;
        this.windowMs = windowMs;
        this.validSink = validSink;
        this.deadLetterSink = deadLetterSink;
    }

    @Override
    public void init(final ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.seen = context.getStateStore(IngestTopology.DEDUP_STORE);
        this.metrics = new IngestMetrics(context.metrics(), context.taskId().toString());
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        final Optional<RecordMetadata> source = context.recordMetadata();
        final String topic = source.map(RecordMetadata::topic).orElse("");
        final int partition = source.map(RecordMetadata::partition).orElse(-1);
        final long offset = source.map(RecordMetadata::offset).orElse(-1L);
        Outcome outcome;
        try {
            outcome = decide(topic, offset, record.key(), record.value());
        } catch (final RuntimeException e) {
            if (!isRecordsFault(e)) {
                throw e;
            }
            // a poison record or a bug: keep the record for replay and go on with the next one
            outcome = new Reject(RejectReason.PROCESSING_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage(),
                e.getClass().getName());
            LOG.debug("Record {}-{}@{} failed processing", topic, partition, offset, e);
        }
        if (outcome instanceof Accept accept) {
            metrics.accepted();
            final Headers headers = DeadLetterHeaders.remove(new RecordHeaders(record.headers().toArray()));
            context.forward(record.withTimestamp(forwardedTimestamp(accept.eventTime())).withHeaders(headers), validSink);
        } else if (outcome instanceof Reject reject) {
            metrics.rejected(reject.reason());
            LOG.debug("Rejected {}-{}@{}: {} {}", topic, partition, offset, reject.reason(), reject.detail());
            final DeadLetter letter = new DeadLetter(reject.reason(), reject.detail(), reject.errorClass(), topic, partition, offset,
                clock.instant());
            final Headers headers = DeadLetterHeaders.write(new RecordHeaders(record.headers().toArray()), letter);
            context.forward(record.withHeaders(headers), deadLetterSink);
        }
    }

    private Outcome decide(final String topic, final long offset, final byte[] keyBytes, final byte[] value) {
        if (keyBytes == null) {
            return Reject.check(RejectReason.KEY_MISMATCH, "record has no key");
        }
        if (value == null || value.length == 0) {
            return Reject.check(RejectReason.EMPTY_VALUE, value == null ? "record value is null" : "record value is empty");
        }
        final String key;
        try {
            key = utf8.decode(ByteBuffer.wrap(keyBytes)).toString();
        } catch (final CharacterCodingException e) {
            return Reject.check(RejectReason.KEY_MISMATCH, "record key is not valid UTF-8, so it cannot be a userId");
        }
        final Interaction event;
        try {
            event = deserializer.deserialize(topic, value);
        } catch (final WireFormatException e) {
            if (e.isRetriable()) {
                // the record is fine, the registry is not: fail the task so it is retried, never dead-letter
                throw e;
            }
            return new Reject(rejectReasonOf(e.reason()), e.getMessage(), e.getClass().getName());
        }
        final Verdict verdict = validator.validate(key, event);
        if (verdict instanceof Verdict.Rejected rejected) {
            return Reject.check(rejected.reason(), rejected.detail());
        }
        final long eventTime = event.getTimestamp().toEpochMilli();
        final String eventId = event.getEventId();
        try (WindowStoreIterator<Long> earlier = seen.fetch(eventId, Math.max(0, eventTime - windowMs), eventTime + windowMs)) {
            if (earlier.hasNext()) {
                final KeyValue<Long, Long> first = earlier.next();
                return Reject.check(RejectReason.DUPLICATE_EVENT, "eventId '" + eventId + "' was already accepted with event time "
                    + Instant.ofEpochMilli(first.key) + " (source offset " + first.value + "), within " + windowMs
                    + " ms of this one");
            }
        }
        seen.put(eventId, offset, eventTime);
        return new Accept(eventTime);
    }

    /**
     * The timestamp of a forwarded valid record: the event time, except that an event time ahead of our clock
     * (allowed up to validation.max.future.skew.ms) is written as our clock's time, because brokers refuse record
     * timestamps more than message.timestamp.after.max.ms (1 hour by default) ahead of theirs, and a refused write
     * would fail the task over and over. The value, with the true event time, is untouched.
     */
    private long forwardedTimestamp(final long eventTime) {
        return Math.min(eventTime, clock.millis());
    }

    /**
     * True when an exception is about the record (a poison record, a bug in handling it); false when it is about
     * the infrastructure (state store, task migration, registry unavailable, interruption), which Kafka Streams
     * must see so it can retry, fence or restart: dead-lettering those would lose good records.
     */
    static boolean isRecordsFault(final RuntimeException e) {
        if (e instanceof WireFormatException wire) {
            return !wire.isRetriable();
        }
        return !(e instanceof StreamsException) && !(e instanceof InterruptException);
    }

    /** The dead-letter reason of a decoding failure that is the record's fault. */
    static RejectReason rejectReasonOf(final WireFormatException.Reason reason) {
        return switch (reason) {
            case TRUNCATED -> RejectReason.TRUNCATED;
            case BAD_MAGIC_BYTE -> RejectReason.BAD_MAGIC_BYTE;
            case UNKNOWN_SCHEMA_ID -> RejectReason.UNKNOWN_SCHEMA_ID;
            case SCHEMA_MISMATCH -> RejectReason.WRONG_SCHEMA;
            case MALFORMED_AVRO -> RejectReason.MALFORMED_AVRO;
            case REGISTRY_UNAVAILABLE -> RejectReason.REGISTRY_UNAVAILABLE;
            // serializer-side reasons: a deserializer raising one is a bug, not a property of the record
            case REGISTRY_REJECTED, INVALID_DATUM -> RejectReason.PROCESSING_ERROR;
        };
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }
}
