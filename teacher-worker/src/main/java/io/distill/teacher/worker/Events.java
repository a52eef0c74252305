package io.distill.teacher.worker;

import io.distill.avro.Interaction;
import io.distill.schemas.DistillException;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;

/** The interaction a record of interactions-valid carries, and what to say when it carries none. */
final class Events {
    private Events() {
    }

    /**
     * The record's interaction.
     *
     * @throws DistillException for a record without a value: only the ingest writes interactions-valid, and it
     *                          never writes one, so something else wrote to the topic
     */
    static Interaction of(final ConsumerRecord<String, Interaction> record) {
        final Interaction event = record.value();
        if (event == null) {
            throw new DistillException("record at " + record.topic() + "-" + record.partition() + " offset " + record.offset()
                + " has no value (a tombstone): interactions-valid must hold only Interaction records written by the ingest; "
                + "the teacher stops rather than skip it, because skipping would make its labels differ from a replay's");
        }
        return event;
    }

    /** A fatal error naming the record that could not be read. */
    static DistillException unreadable(final RecordDeserializationException e) {
        return new DistillException("cannot deserialize the " + e.origin().name().toLowerCase(Locale.ROOT)
            + " of the record at " + e.topicPartition() + " offset " + e.offset() + ": " + e.getMessage()
            + ". Only the ingest writes this topic, so something else wrote to it; the teacher stops rather than skip "
            + "the record (labels must be a function of the topic's content)", e);
    }
}
