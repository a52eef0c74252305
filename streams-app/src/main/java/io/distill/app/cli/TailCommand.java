package io.distill.app.cli;

import io.distill.app.Distill;
import io.distill.runtime.ClientSettings;
import io.distill.schemas.serde.GenericAvroSerde;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code distill tail TOPIC}: prints records as JSON lines on stdout (see {@link RecordJson}), values decoded
 * through the schema registry. Reads every partition without a consumer group (nothing is committed, no group
 * appears on the broker), from the end or from the beginning, until {@code --max} records, {@code --timeout} of
 * silence, or Ctrl-C.
 */
@Command(name = "tail", sortOptions = false,
    description = {"Print records of a topic as JSON lines on stdout, values decoded as Avro through the schema"
        + " registry. Values that do not decode (e.g. the dead-letter topic) appear as value_base64 with a"
        + " decode_error. Logs go to stderr."})
public final class TailCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(TailCommand.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(15);

    /** Which records a tail sees: Kafka's {@code isolation.level}. */
    public enum Isolation {
        /** Only committed transactional records ({@code read_committed}). */
        COMMITTED,
        /** Also records of open and aborted transactions ({@code read_uncommitted}). */
        UNCOMMITTED;

        String kafkaValue() {
            return "read_" + name().toLowerCase(Locale.ROOT);
        }
    }

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic to read.")
    private String topic;

    @Option(names = "--from-beginning", description = "Start at the earliest records (default: only records that"
        + " arrive after the start).")
    private boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records (default: no limit).")
    private long max;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Stop after this long without a record, e.g. 10s, 2m (default: never).")
    private Duration timeout;

    @Option(names = "--isolation", paramLabel = "LEVEL", defaultValue = "committed",
        description = "committed (read_committed) or uncommitted (read_uncommitted); default: ${DEFAULT-VALUE}.")
    private Isolation isolation;

    @Override
    public Integer call() {
        if (max < 0) {
            throw new ParameterException(spec.commandLine(), "--max must be 0 (no limit) or more, got " + max);
        }
        final Distill distill = Distill.root(spec);
        final CliContext context = distill.context();
        final Map<String, String> config = distill.config();
        final Map<String, Object> consumerConfig = consumerConfig(config);
        // parse the consumer settings before any I/O, so a bad value is a configuration error at once
        new ConsumerConfig(ConsumerConfig.appendDeserializerToConfig(consumerConfig, new ByteArrayDeserializer(),
            new ByteArrayDeserializer()));
        final List<TopicPartition> partitions = TopicLookup.partitions(ClientSettings.admin(config), topic, LOOKUP_TIMEOUT);

        final GenericAvroSerde values = new GenericAvroSerde();
        values.configure(ClientSettings.registry(config), false);
        try (values; KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            // resolve the positions now, so records written after this point are seen even if the first poll is late
            partitions.forEach(consumer::position);
            LOG.info("Tailing {} (partitions: {}, {}, {})", topic, partitions.size(),
                fromBeginning ? "from the beginning" : "new records only", isolation.kafkaValue());
            final long printed = copy(consumer, new RecordJson(values.deserializer()), context);
            LOG.info("Printed {} records of {}", printed, topic);
        }
        return 0;
    }

    private long copy(final KafkaConsumer<byte[], byte[]> consumer, final RecordJson json, final CliContext context) {
        final PrintWriter out = context.out();
        final Clock clock = context.clock();
        long printed = 0;
        long lastRecordAt = clock.millis();
        while (!context.shutdown().isRequested() && (max == 0 || printed < max)) {
            final ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            if (records.isEmpty()) {
                if (timeout != null && clock.millis() - lastRecordAt >= timeout.toMillis()) {
                    LOG.info("No record for {} ms: stopping", timeout.toMillis());
                    break;
                }
                continue;
            }
            for (final ConsumerRecord<byte[], byte[]> record : records) {
                out.println(json.toLine(record));
                printed++;
                if (max > 0 && printed >= max) {
                    break;
                }
            }
            out.flush();
            if (out.checkError()) {
                // stdout closed (e.g. piped into head): nobody is reading any more
                break;
            }
            lastRecordAt = clock.millis();
        }
        out.flush();
        return printed;
    }

    private Map<String, Object> consumerConfig(final Map<String, String> config) {
        final Map<String, Object> consumer = new HashMap<>(ClientSettings.consumer(config));
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.kafkaValue());
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "distill-tail");
        // no group: assign() and seek() need none, and a tail should leave no trace on the broker
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return consumer;
    }
}
