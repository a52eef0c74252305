package io.distill.datasets;

import io.distill.avro.Interaction;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source whose file had to be read whole because its records are not in event-time order: the
 * interactions are held in memory, stably sorted by timestamp so ties keep file order.
 */
final class LoadedSource implements InteractionSource {
    private static final Logger LOG = LoggerFactory.getLogger(LoadedSource.class);
    private static final Comparator<Interaction> BY_TIME = Comparator.comparing(Interaction::getTimestamp);

    private final String name;
    private final List<Interaction> events;
    private final SkipReport report;
    private final OptionalLong estimatedSize;
    private int position;
    private boolean closed;

    /** Sorts {@code events} in place (stable), then serves them in that order. */
    LoadedSource(final String name, final List<Interaction> events, final SkipReport report,
                 final long recordsInFile) {
        events.sort(BY_TIME);
        this.name = name;
        this.events = events;
        this.report = report;
        this.estimatedSize = OptionalLong.of(recordsInFile);
        LOG.info("{}: loaded and sorted, {}", name, report);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public OptionalLong estimatedSize() {
        return estimatedSize;
    }

    @Override
    public SkipReport skipReport() {
        return report;
    }

    @Override
    public boolean hasNext() {
        if (closed && position < events.size()) {
            throw new DatasetException("dataset " + name + " was closed before it was exhausted");
        }
        return position < events.size();
    }

    @Override
    public Interaction next() {
        if (!hasNext()) {
            throw new NoSuchElementException("dataset " + name + " is exhausted");
        }
        final Interaction next = events.get(position);
        events.set(position, null);
        position++;
        return next;
    }

    @Override
    public void close() {
        closed = true;
    }
}
