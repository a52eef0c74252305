package io.distill.app.faults;

import io.distill.app.cli.Pacer;
import io.distill.avro.Interaction;
import io.distill.avro.SoftLabel;
import io.distill.datasets.InteractionSource;
import io.distill.datasets.SyntheticParams;
import io.distill.datasets.SyntheticStream;
import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryClients;
import io.distill.schemas.serde.GenericAvroSerde;
import io.distill.schemas.serde.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer of a fault test: publishes a synthetic stream to {@code interactions} like a producer application
 * (Avro through the registry, key = userId, idempotent, {@code acks=all}), with a bad record from the
 * {@link BadInput} catalogue after every {@code badEvery} good ones, the kinds taking turns. It remembers what it
 * sent: the eventIds that must come out valid, and the marker of every bad record with the reason it must be
 * dead-lettered with. Runs on a thread of its own ({@link #start()}).
 *
 * <p>Like a careful producer application it does not give up on a failed send: when one fails (a send that has had no
 * answer for {@value #DELIVERY_MS} ms ({@value #DELIVERY}), e.g. across a broker outage), it abandons that
 * producer, builds a new one and sends again every record not yet acknowledged, in order, up to {@value #MAX_RECOVERIES} times before
 * {@link #awaitDone} fails. A record resent may have been written the first time too, so {@code interactions} can hold
 * it twice: the audit counts the copies there and expects the ingest to de-duplicate them. Why: on the CI machine the
 * feed's first producer twice never again delivered to one partition after a broker restart (its batches expired after
 * 10 minutes while the broker and the workers were fine), which was not seen on any other machine.
 */
final class EventFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);
    /** System property: the feed's {@code delivery.timeout.ms}, default {@value #DELIVERY_MS}. */
    static final String DELIVERY = "distill.faults.feed.delivery.ms";
    static final int DELIVERY_MS = 60_000;
    static final int MAX_RECOVERIES = 10;
    private static final int LINGER_MS = 5;
    private final String topic;
    private final SyntheticParams params;
    private final int badEvery;
    private final List<BadInput> kinds;
    private final double eventsPerSecond;
    private final Map<String, Object> producerSettings;
    // the current producer and its generation; callbacks of an abandoned generation are ignored
    private volatile KafkaProducer<byte[], byte[]> producer;
    private volatile int generation;
    // sent but not yet acknowledged, by send order: what a recovery sends again
    private final ConcurrentSkipListMap<Long, ProducerRecord<byte[], byte[]>> unacknowledged = new ConcurrentSkipListMap<>();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final AtomicLong resent = new AtomicLong();
    private final AtomicInteger recoveries = new AtomicInteger();
    private long sendSequence;
    private final SchemaRegistryClient registry;
    private final BadInput.Tools tools;
    private final SpecificAvroSerde<Interaction> interactions;
    private final Set<String> validIds = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Map<String, BadInput> badMarkers = Collections.synchronizedMap(new LinkedHashMap<>());
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicLong sent = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile long startedNanos;
    private volatile long doneNanos;

    /**
     * @param eventsPerSecond the pace of good events; 0 = as fast as the producer goes
     * @param badEvery        a bad record after every this many good ones; 0 = none
     * @param kinds           the bad kinds, taking turns
     */
    EventFeed(final PipelineLayout layout, final SyntheticParams params, final double eventsPerSecond, final int badEvery,
              final List<BadInput> kinds) {
        this.topic = layout.topics().interactions();
        this.params = params;
        this.badEvery = badEvery;
        this.kinds = List.copyOf(kinds);
        this.eventsPerSecond = eventsPerSecond;
        final Map<String, Object> settings = new HashMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, layout.bootstrapServers());
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, layout.prefix() + "-feed");
        // Long enough to ride out a broker restart (stop, start, leader election) on a loaded 2-core machine; a send
        // that takes longer is taken as a stuck producer and recovered from (see the class comment). The workers
        // under test keep their own (default) timeouts.
        final int delivery = Integer.getInteger(DELIVERY, DELIVERY_MS);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, delivery - LINGER_MS));
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (long) delivery);
        this.producerSettings = Map.copyOf(settings);
        this.producer = newProducer();
        final Map<String, Object> registrySettings = Map.of("schema.registry.url", layout.registryUrl());
        this.registry = SchemaRegistryClients.create(registrySettings);
        this.interactions = new SpecificAvroSerde<>(Interaction.class, registry);
        interactions.configure(registrySettings, false);
        final SpecificAvroSerde<SoftLabel> labels = new SpecificAvroSerde<>(SoftLabel.class, registry);
        labels.configure(registrySettings, false);
        final GenericAvroSerde generic = new GenericAvroSerde(registry);
        generic.configure(registrySettings, false);
        this.tools = new BadInput.Tools(topic, layout.topics().softLabels(), interactions.serializer(), labels.serializer(), generic.serializer());
        this.thread = new Thread(this::run, "fault-test-feed");
    }

    void start() {
        startedNanos = System.nanoTime();
        thread.start();
    }

    /** Records sent again after a failed send (0 when every send succeeded the first time). */
    long resent() {
        return resent.get();
    }

    /** How many times the feed abandoned its producer after a failed send. */
    int recoveries() {
        return recoveries.get();
    }

    /** Good events sent so far. */
    long sent() {
        return sent.get();
    }

    /** Seconds from {@link #start()} to the last record acknowledged; 0 before. */
    double seconds() {
        return doneNanos == 0 ? 0 : (doneNanos - startedNanos) / 1e9;
    }

    /** Good events the feed sends in all. */
    long goodEvents() {
        return params.events();
    }

    /** Records the pipeline receives in all: good and bad. */
    long expectedRecords() {
        final long bad = badEvery == 0 ? 0 : params.events() / badEvery;
        return params.events() + bad;
    }

    /**
     * Waits until every record is sent and acknowledged.
     *
     * @throws AssertionError if a send failed or the feed is not done in time
     */
    void awaitDone(final Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("the feed has not sent its " + params.events() + " events within " + timeout
                + " (" + sent() + " sent)");
        }
        if (failure.get() != null) {
            throw new AssertionError("the feed failed to send: " + failure.get(), failure.get());
        }
    }

    /** @throws AssertionError if a send has failed */
    void requireHealthy() {
        if (failure.get() != null) {
            throw new AssertionError("the feed failed to send: " + failure.get(), failure.get());
        }
    }

    /** The eventIds that must come out valid, in the order they were sent. */
    List<String> validIds() {
        synchronized (validIds) {
            return List.copyOf(validIds);
        }
    }

    /** Every bad record's marker, with its kind. */
    Map<String, BadInput> badMarkers() {
        synchronized (badMarkers) {
            return Map.copyOf(badMarkers);
        }
    }

    private void run() {
        final Pacer pacer = eventsPerSecond > 0 ? Pacer.atRate(eventsPerSecond) : null;
        final Map<BadInput, Long> sequences = new HashMap<>();
        int turn = 0;
        try (InteractionSource source = new SyntheticStream(params).open()) {
            long good = 0;
            while (source.hasNext() && !stopped && failure.get() == null) {
                if (pacer != null) {
                    pacer.acquire();
                }
                final Interaction event = source.next();
                final byte[] bytes = interactions.serializer().serialize(topic, event);
                validIds.add(event.getEventId());
                send(new ProducerRecord<>(topic, event.getUserId().getBytes(StandardCharsets.UTF_8), bytes));
                good++;
                sent.set(good);
                if (badEvery > 0 && good % badEvery == 0) {
                    final BadInput kind = kinds.get(turn++ % kinds.size());
                    final long sequence = sequences.merge(kind, 1L, Long::sum);
                    badMarkers.put(kind.marker(sequence), kind);
                    send(kind.make(sequence, event, bytes, tools));
                }
            }
            flushAll();
            doneNanos = System.nanoTime();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, e);
        } catch (final RuntimeException e) {
            if (failure.compareAndSet(null, e)) {
                LOG.error("the feed failed after {} good events", sent.get(), e);
            }
        }
    }

    private KafkaProducer<byte[], byte[]> newProducer() {
        return new KafkaProducer<>(producerSettings, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private void send(final ProducerRecord<byte[], byte[]> record) {
        if (sendFailure.get() != null) {
            recover();
        }
        final long id = sendSequence++;
        unacknowledged.put(id, record);
        sendTracked(id, record);
    }

    private void sendTracked(final long id, final ProducerRecord<byte[], byte[]> record) {
        final int sentBy = generation;
        producer.send(record, (metadata, error) -> {
            if (sentBy != generation) {
                return;
            }
            if (error == null) {
                unacknowledged.remove(id);
            } else if (sendFailure.compareAndSet(null, error)) {
                LOG.warn("the feed's producer failed to send a record to {} after {} good events: {}", topic, sent.get(),
                    error.toString());
            }
        });
    }

    /** Flushes; recovers and flushes again while sends fail. */
    private void flushAll() {
        producer.flush();
        while (sendFailure.get() != null) {
            recover();
            producer.flush();
        }
    }

    /**
     * Abandons the current producer and sends every unacknowledged record again, in order, with a new one.
     *
     * @throws IllegalStateException after {@value #MAX_RECOVERIES} recoveries, with the last send failure as cause
     */
    private void recover() {
        final Exception cause = sendFailure.get();
        final int recovery = recoveries.incrementAndGet();
        if (recovery > MAX_RECOVERIES) {
            throw new IllegalStateException("the feed's sends failed " + recovery + " times", cause);
        }
        generation++;
        producer.close(Duration.ZERO);
        producer = newProducer();
        sendFailure.set(null);
        final List<Map.Entry<Long, ProducerRecord<byte[], byte[]>>> again = List.copyOf(unacknowledged.entrySet());
        LOG.warn("the feed abandoned its producer after a failed send ({}); sending {} unacknowledged records again with a new"
            + " one (recovery {} of at most {})", cause, again.size(), recovery, MAX_RECOVERIES);
        resent.addAndGet(again.size());
        for (final Map.Entry<Long, ProducerRecord<byte[], byte[]>> entry : again) {
            sendTracked(entry.getKey(), entry.getValue());
        }
    }

    /** Stops sending (if still running) and closes the producer and the registry client. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join();
        producer.close();
        interactions.close();
        registry.close();
    }
}
