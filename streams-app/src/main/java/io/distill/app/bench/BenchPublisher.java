package io.distill.app.bench;

import io.distill.app.cli.Pacer;
import io.distill.avro.Interaction;
import io.distill.runtime.ClientSettings;
import io.distill.schemas.DistillException;
import io.distill.schemas.serde.SpecificAvroSerde;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a bench's interactions as a producer application would ({@code distill produce}): Avro in the Confluent wire
 * format through the registry, key = userId, record timestamp = event time, idempotent with {@code acks=all}. Either as
 * fast as possible (the backlog) or paced (the latency runs), telling a listener the wall time each event is handed to
 * the producer. Runs once, on the calling thread or a thread of its own.
 */
final class BenchPublisher implements Runnable {

    /** Told about each event just before it is handed to the producer. */
    @FunctionalInterface
    interface Listener {
        void sending(int index, long wallMillis);
    }

    private final Map<String, Object> producerSettings;
    private final Map<String, Object> registrySettings;
    private final String topic;
    private final List<Interaction> events;
    private final Pacer pacer;
    private final Listener listener;
    private final BooleanSupplier stop;
    private final Clock clock;
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile int sent;
    private volatile long startNanos;
    private volatile long endNanos;

    /**
     * @param config   the run's settings: producer and registry keys are used
     * @param pacer    spaces the events, or null for as fast as possible
     * @param listener told before each send
     * @param stop     checked before each send: true ends publishing early (Ctrl-C, a failed measurement)
     */
    BenchPublisher(final Map<String, ?> config, final String topic, final List<Interaction> events, final Pacer pacer,
                   final Listener listener, final BooleanSupplier stop, final Clock clock) {
        this.producerSettings = ClientSettings.producer(config);
        producerSettings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
        producerSettings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "distill-bench-publisher");
        this.registrySettings = ClientSettings.registry(config);
        this.topic = Objects.requireNonNull(topic, "topic");
        this.events = List.copyOf(events);
        this.pacer = pacer;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.stop = Objects.requireNonNull(stop, "stop");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void run() {
        try (SpecificAvroSerde<Interaction> serde = new SpecificAvroSerde<>(Interaction.class)) {
            serde.configure(registrySettings, false);
            try (KafkaProducer<String, Interaction> producer = new KafkaProducer<>(producerSettings, new StringSerializer(),
                    serde.serializer())) {
                startNanos = System.nanoTime();
                for (int i = 0; i < events.size() && failure.get() == null && !stop.getAsBoolean(); i++) {
                    if (pacer != null) {
                        pacer.acquire();
                    }
                    final Interaction event = events.get(i);
                    listener.sending(i, clock.millis());
                    producer.send(new ProducerRecord<>(topic, null, event.getTimestamp().toEpochMilli(), event.getUserId(), event),
                        (metadata, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
                    sent = i + 1;
                }
                producer.flush();
                endNanos = System.nanoTime();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, e);
        } catch (final RuntimeException e) {
            failure.compareAndSet(null, e);
        } finally {
            done.countDown();
        }
    }

    /** Events handed to the producer so far. */
    int sent() {
        return sent;
    }

    /** Why publishing failed (a send the broker refused, the registry unreachable), if it did. */
    Optional<Exception> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Whether {@link #run()} has returned. */
    boolean isDone() {
        return done.getCount() == 0;
    }

    /** Waits until {@link #run()} has returned; false after {@code timeout}. */
    boolean awaitDone(final Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Events per second from the first send to the flush after the last; NaN unless every event was sent. */
    double rate() {
        if (sent < events.size() || endNanos == 0) {
            return Double.NaN;
        }
        return events.size() * 1e9 / Math.max(1, endNanos - startNanos);
    }

    /** Throws the failure, if publishing failed. */
    void requireSuccess() {
        final Exception e = failure.get();
        if (e != null) {
            throw new DistillException("publishing to " + topic + " failed after " + sent + " events: " + e, e);
        }
    }
}
