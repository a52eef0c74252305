package io.distill.student.stream;

import io.distill.avro.Recommendation;
import io.distill.avro.SoftLabel;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** Runs {@link DistillProcessor} over in-memory stores that outlive the processor, to simulate restarts. */
final class ProcessorHarness {
    private final StudentConfig config;
    private final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
    private DistillProcessor processor;

    ProcessorHarness(final StudentConfig config) {
        this.config = config;
        context.setCurrentSystemTimeMs(Instant.parse("2024-03-01T11:00:00Z").toEpochMilli());
        for (final String name : List.of(StudentStores.USERS, StudentStores.ITEMS, StudentStores.META)) {
            final KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
                Serdes.ByteArray()).withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
        restart();
    }

    /** Drops the processor (and everything it held in memory) and starts a new one over the same stores. */
    void restart() {
        processor = new DistillProcessor(config.settings(), config.metricsWindowEvents(), config.metricsFlush(),
            Clock.fixed(Instant.parse("2024-03-01T11:00:00Z"), ZoneOffset.UTC));
        processor.init(context);
    }

    List<Recommendation> process(final List<SoftLabel> labels, final int from, final int to) {
        context.resetForwards();
        for (int i = from; i < to; i++) {
            final SoftLabel label = labels.get(i);
            processor.process(new Record<>(label.getUserId(), label, label.getEventTimestamp().toEpochMilli()));
        }
        final List<Recommendation> out = new ArrayList<>();
        for (final MockProcessorContext.CapturedForward<? extends String, ? extends SpecificRecord> forward : context.forwarded()) {
            if (forward.record().value() instanceof Recommendation recommendation) {
                out.add(recommendation);
            }
        }
        return out;
    }

    /** The checksum of the harness's stores, as one task (partition 0). */
    StudentChecksum checksum() {
        final Map<String, SortedMap<Integer, SortedMap<String, byte[]>>> state = new LinkedHashMap<>();
        for (final String name : StudentStores.LEARNABLE) {
            final KeyValueStore<String, byte[]> store = context.getStateStore(name);
            final SortedMap<String, byte[]> rows = new TreeMap<>();
            try (KeyValueIterator<String, byte[]> all = store.all()) {
                while (all.hasNext()) {
                    final KeyValue<String, byte[]> row = all.next();
                    rows.put(row.key, row.value);
                }
            }
            final SortedMap<Integer, SortedMap<String, byte[]>> partitions = new TreeMap<>();
            partitions.put(0, rows);
            state.put(name, partitions);
        }
        return StudentChecksum.digest(state);
    }
}
