package io.distill.app.faults;

import io.distill.app.pipeline.Pipeline;
import io.distill.datasets.SyntheticParams;
import io.distill.runtime.metrics.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs ingest, teacher and student in this JVM ({@link Pipeline}) over a synthetic stream until the audit finds it
 * quiet, then closes them: the "original" run that replay tests rebuild, and the pipeline of tests that need no
 * separate processes.
 */
final class InProcessPipeline {
    /** The services' clock: after the synthetic stream's event times, so none is in the future. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private InProcessPipeline() {
    }

    /**
     * A finished run.
     *
     * @param audit      the audit when it went quiet
     * @param validIds   the eventIds sent as good events
     * @param badMarkers the bad records sent
     */
    record Run(PipelineAudit.Result audit, List<String> validIds, Map<String, BadInput> badMarkers) {
    }

    /**
     * Feeds {@code events} synthetic events (and the bad records of {@code kinds}, one after every {@code badEvery}
     * good ones) through a pipeline with {@code settings}, waits until it is quiet, closes it and returns the audit.
     */
    static Run run(final PipelineLayout layout, final Map<String, String> extra, final long events,
                                    final int badEvery, final List<BadInput> kinds) throws InterruptedException {
        final Map<String, String> settings = new TreeMap<>(layout.settings());
        settings.putAll(extra);
        final SyntheticParams params = SyntheticParamsFor.events(events);
        try (Pipeline pipeline = Pipeline.create(settings, CLOCK, EnumSet.of(Pipeline.Role.INGEST, Pipeline.Role.TEACHER,
                 Pipeline.Role.STUDENT), new PrometheusRegistry());
             EventFeed feed = new EventFeed(layout, params, 0, badEvery, kinds)) {
            pipeline.start();
            feed.start();
            feed.awaitDone(TIMEOUT);
            final PipelineAudit.Result result = PipelineAudit.awaitQuietAndAudit(layout, settings, feed.validIds(),
                feed.badMarkers(), TIMEOUT);
            pipeline.failure().ifPresent(failure -> {
                throw new AssertionError(failure);
            });
            return new Run(result, feed.validIds(), feed.badMarkers());
        }
    }
}
