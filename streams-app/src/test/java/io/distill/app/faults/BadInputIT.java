package io.distill.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.app.ingest.DeadLetter;
import io.distill.app.ingest.DeadLetterHeaders;
import io.distill.app.ingest.EventValidator;
import io.distill.app.ingest.IngestConfig;
import io.distill.app.ingest.IngestTopology;
import io.distill.app.pipeline.Pipeline;
import io.distill.runtime.ClientSettings;
import io.distill.runtime.StreamsRunner;
import io.distill.runtime.metrics.PrometheusRegistry;
import io.distill.schemas.registry.SchemaRegistryClient;
import io.distill.schemas.registry.SchemaRegistryClients;
import io.distill.schemas.validation.InteractionValidator;
import io.distill.stack.testing.LocalKafkaExtension;
import io.distill.stack.testing.SharedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole bad-input catalogue ({@link BadInput}) through the real pipeline on a real broker: ingest, teacher and
 * student in this JVM, a synthetic stream with a bad record after every 20 good ones, every kind several times. Every
 * bad record lands in interactions-dlq once, with its reason, its original key and value bytes (compared with the
 * record at the source offset the headers name) and complete headers; every good event still gets exactly one soft
 * label and one recommendation. The poison record needs a fault: nothing in the real validator throws, so the ingest
 * runs the same topology with a validator that throws {@link IllegalStateException} on eventIds starting with
 * {@value BadInput#POISON_PREFIX}. The table of outcomes is written to {@code target/faults/bad-input/table.md}.
 */
@ExtendWith(LocalKafkaExtension.class)
class BadInputIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final long EVENTS = 2_600;
    private static final int BAD_EVERY = 20;

    @Test
    void everyBadInputIsDeadLetteredWithItsReasonWhileGoodEventsFlowThrough(final SharedKafka kafka, @TempDir final Path dir)
        throws Exception {
        final PipelineLayout layout = PipelineLayout.of(kafka.uniqueTopic("bad-input"), 3, kafka.bootstrapServers(),
            kafka.schemaRegistryUrl().toString(), dir.resolve("state"));
        FaultStack.createTopics(kafka.bootstrapServers(), layout.topics());
        final Map<String, String> settings = layout.settings();
        final IngestConfig config = new IngestConfig(settings);
        final InteractionValidator real = new InteractionValidator(config.validationLimits(), InProcessPipeline.CLOCK);
        final EventValidator poisoned = (key, event) -> {
            if (event.getEventId().startsWith(BadInput.POISON_PREFIX)) {
                throw new IllegalStateException("validator bug on " + event.getEventId());
            }
            return real.validate(key, event);
        };
        final List<BadInput> kinds = Arrays.asList(BadInput.values());
        final PipelineAudit.Result result;
        final Map<String, BadInput> sent;
        try (SchemaRegistryClient registry = SchemaRegistryClients.create(ClientSettings.registry(settings));
             StreamsRunner ingest = new StreamsRunner("ingest", config.applicationId(), settings);
             Pipeline downstream = Pipeline.create(settings, InProcessPipeline.CLOCK, EnumSet.of(Pipeline.Role.TEACHER,
                 Pipeline.Role.STUDENT), new PrometheusRegistry());
             EventFeed feed = new EventFeed(layout, SyntheticParamsFor.events(EVENTS), 0, BAD_EVERY, kinds)) {
            ingest.start(IngestTopology.build(config, registry, poisoned, InProcessPipeline.CLOCK),
                layout.topics().all().subList(0, 3));
            downstream.start();
            feed.start();
            feed.awaitDone(TIMEOUT);
            sent = feed.badMarkers();
            result = PipelineAudit.awaitQuietAndAudit(layout, settings, feed.validIds(), sent, TIMEOUT);
            downstream.failure().ifPresent(failure -> {
                throw new AssertionError(failure);
            });
        }
        result.assertExactlyOnce();

        // each kind several times, each dead-lettered with its reason and complete headers, bytes untouched
        final Map<String, ConsumerRecord<byte[], byte[]>> sources = new HashMap<>();
        for (final ConsumerRecord<byte[], byte[]> record : kafka.records().readToEnd(layout.topics().interactions(), TIMEOUT)) {
            sources.put(record.partition() + "@" + record.offset(), record);
        }
        final Map<BadInput, List<DeadLetter>> letters = new EnumMap<>(BadInput.class);
        for (final ConsumerRecord<byte[], byte[]> record : kafka.records().readToEnd(layout.topics().interactionsDlq(), TIMEOUT)) {
            final BadInput kind = BadInput.ofMarker(header(record, BadInput.MARKER).orElseThrow());
            final DeadLetter letter = DeadLetterHeaders.read(record.headers()).orElseThrow();
            assertThat(letter.reason()).as("%s", kind).isEqualTo(kind.reason());
            assertThat(letter.detail()).as("%s detail", kind).isNotBlank();
            assertThat(letter.errorClass()).as("%s error class", kind).isNotBlank();
            assertThat(letter.sourceTopic()).isEqualTo(layout.topics().interactions());
            final ConsumerRecord<byte[], byte[]> source = sources.get(letter.sourcePartition() + "@" + letter.sourceOffset());
            assertThat(source).as("%s source record", kind).isNotNull();
            assertThat(record.key()).as("%s key bytes", kind).isEqualTo(source.key());
            assertThat(record.value()).as("%s value bytes", kind).isEqualTo(source.value());
            letters.computeIfAbsent(kind, k -> new ArrayList<>()).add(letter);
        }
        assertThat(letters).containsOnlyKeys(kinds);
        assertThat(letters.values()).allSatisfy(list -> assertThat(list).hasSizeGreaterThanOrEqualTo(4));
        assertThat(letters.get(BadInput.POISON)).allSatisfy(letter -> {
            assertThat(letter.errorClass()).isEqualTo(IllegalStateException.class.getName());
            assertThat(letter.detail()).startsWith("IllegalStateException: validator bug on " + BadInput.POISON_PREFIX);
        });
        writeTable(letters, sent, result);
    }

    private static Optional<String> header(final ConsumerRecord<byte[], byte[]> record, final String name) {
        final Header header = record.headers().lastHeader(name);
        return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** The catalogue with what happened to each kind, as a Markdown table (copied into docs/BAD-INPUT.md). */
    private static void writeTable(final Map<BadInput, List<DeadLetter>> letters, final Map<String, BadInput> sent,
                                   final PipelineAudit.Result result) throws IOException {
        final List<String> lines = new ArrayList<>();
        lines.add("| # | case | input | reason | error class | dead-lettered | example detail |");
        lines.add("|---|---|---|---|---|---|---|");
        int row = 1;
        for (final Map.Entry<BadInput, List<DeadLetter>> entry : letters.entrySet()) {
            final DeadLetter first = entry.getValue().get(0);
            final String detail = first.detail().length() > 120 ? first.detail().substring(0, 117) + "..." : first.detail();
            final long sentOfKind = sent.values().stream().filter(kind -> kind == entry.getKey()).count();
            lines.add(String.format(Locale.ROOT, "| %d | `%s` | %s | `%s` | `%s` | %d of %d | %s |", row++, entry.getKey().name(),
                entry.getKey().description(), first.reason(), first.errorClass(), entry.getValue().size(), sentOfKind,
                detail.replace("|", "\\|").replace("\n", " ")));
        }
        lines.add("");
        lines.addAll(result.report());
        final Path dir = Path.of("target", "faults", "bad-input");
        Files.createDirectories(dir);
        Files.write(dir.resolve("table.md"), lines, StandardCharsets.UTF_8);
    }
}
