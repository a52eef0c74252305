package io.distill.app.demo;

import io.distill.app.cli.Pacer;
import io.distill.app.cli.ProgressBar;
import io.distill.avro.Interaction;
import io.distill.runtime.ClientSettings;
import io.distill.schemas.DistillException;
import io.distill.schemas.serde.SpecificAvroSerde;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes one run's records to {@code interactions} on a thread of its own, as a producer application would: Avro
 * in the Confluent wire format through the registry, key = userId, record timestamp = event time, idempotent with
 * {@code acks=all}; the deliberately bad records ({@link BadEvents}) go in between as raw bytes. Stops early when
 * asked to; the producer is flushed either way, so what was sent is acknowledged (or the failure recorded).
 */
final class DemoPublisher implements Runnable {
    private final Map<String, Object> producerConfig;
    private final Map<String, Object> registryConfig;
    private final String topic;
    private final DemoSource source;
    private final BadEvents bad;
    private final Pacer pacer;
    private final ProgressBar bar;
    private final BooleanSupplier stop;
    private final AtomicLong good = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final Map<BadEvents.Kind, Long> badByKind = new EnumMap<>(BadEvents.Kind.class);
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final CountDownLatch done = new CountDownLatch(1);

    /**
     * @param settings Kafka client and schema-registry settings
     * @param pacer    limits the rate, or null for as fast as possible
     * @param stop     polled between records: true stops publishing
     */
    DemoPublisher(final Map<String, ?> settings, final String topic, final DemoSource source, final BadEvents bad,
                  final Pacer pacer, final ProgressBar bar, final BooleanSupplier stop) {
        this.producerConfig = producerConfig(settings);
        this.registryConfig = ClientSettings.registry(settings);
        this.topic = topic;
        this.source = source;
        this.bad = bad;
        this.pacer = pacer;
        this.bar = bar;
        this.stop = stop;
    }

    private static Map<String, Object> producerConfig(final Map<String, ?> settings) {
        final Map<String, Object> config = new HashMap<>(ClientSettings.producer(settings));
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "distill-demo-producer");
        return config;
    }

    @Override
    public void run() {
        try (SpecificAvroSerde<Interaction> values = new SpecificAvroSerde<>(Interaction.class)) {
            values.configure(registryConfig, false);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                    new ByteArraySerializer())) {
                publish(producer, values);
                producer.flush();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, e);
        } catch (final RuntimeException e) {
            failure.compareAndSet(null, e);
        } finally {
            bar.finish();
            done.countDown();
        }
    }

    private void publish(final KafkaProducer<String, byte[]> producer, final SpecificAvroSerde<Interaction> values)
        throws InterruptedException {
        // asked last: hasNext() of a dataset reads ahead
        while (!stop.getAsBoolean() && failure.get() == null && source.hasNext()) {
            final Interaction event = source.next();
            final byte[] encoded = values.serializer().serialize(topic, event);
            send(producer, event.getUserId(), event.getTimestamp().toEpochMilli(), encoded);
            final long sent = good.incrementAndGet();
            final Optional<BadEvents.BadRecord> badRecord = bad.after(sent, event, encoded);
            if (badRecord.isPresent()) {
                final BadEvents.BadRecord record = badRecord.get();
                final byte[] value = record.event() != null ? values.serializer().serialize(topic, record.event()) : record.raw();
                send(producer, record.key(), event.getTimestamp().toEpochMilli(), value);
                synchronized (badByKind) {
                    badByKind.merge(record.kind(), 1L, Long::sum);
                }
            }
            bar.update(records.get());
        }
    }

    private void send(final KafkaProducer<String, byte[]> producer, final String key, final long timestamp, final byte[] value)
        throws InterruptedException {
        if (pacer != null) {
            pacer.acquire();
        }
        producer.send(new ProducerRecord<>(topic, null, timestamp, key, value), (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
        records.incrementAndGet();
    }

    /** Events of the source sent so far. */
    long goodSent() {
        return good.get();
    }

    /** Records sent so far, bad ones included. */
    long recordsSent() {
        return records.get();
    }

    /** Bad records sent so far, by kind. */
    Map<BadEvents.Kind, Long> badSent() {
        synchronized (badByKind) {
            return Map.copyOf(badByKind);
        }
    }

    /** Whether publishing has ended (all sent and flushed, stopped, or failed). */
    boolean isDone() {
        return done.getCount() == 0;
    }

    /** Waits up to {@code millis} for publishing to end. */
    boolean awaitDone(final long millis) throws InterruptedException {
        return done.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Why publishing failed, if it did. */
    Optional<DistillException> failure() {
        final Exception error = failure.get();
        return error == null ? Optional.empty()
            : Optional.of(new DistillException("Publishing to " + topic + " failed: " + error.getMessage(), error));
    }
}
