package io.distill.datasets;

import io.distill.avro.Interaction;
import java.io.Closeable;
import java.io.IOException;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A source that reads its file record by record and holds nothing but the next interaction. */
abstract class StreamingSource implements InteractionSource {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingSource.class);

    private final String name;
    private final OptionalLong estimatedSize;
    private final Closeable input;
    protected final SkipCounter counter;
    private Interaction pending;
    private boolean exhausted;
    private boolean closed;

    StreamingSource(final String name, final OptionalLong estimatedSize, final Closeable input) {
        this.name = name;
        this.estimatedSize = estimatedSize;
        this.input = input;
        this.counter = new SkipCounter(name);
    }

    /** The next interaction of the file, or {@code null} at its end; bad records are counted, not returned. */
    protected abstract Interaction readNext() throws IOException;

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final OptionalLong estimatedSize() {
        return estimatedSize;
    }

    @Override
    public final SkipReport skipReport() {
        return counter.report();
    }

    @Override
    public final boolean hasNext() {
        if (pending != null) {
            return true;
        }
        if (exhausted) {
            return false;
        }
        if (closed) {
            throw new DatasetException("dataset " + name + " was closed before it was exhausted");
        }
        try {
            pending = readNext();
        } catch (final IOException e) {
            close();
            throw new DatasetException("cannot read dataset " + name + ": " + e.getMessage(), e);
        }
        if (pending == null) {
            exhausted = true;
            LOG.info("{}: finished, {}", name, counter.report());
            close();
            return false;
        }
        counter.emitted();
        return true;
    }

    @Override
    public final Interaction next() {
        if (!hasNext()) {
            throw new NoSuchElementException("dataset " + name + " is exhausted");
        }
        final Interaction next = pending;
        pending = null;
        return next;
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            input.close();
        } catch (final IOException e) {
            LOG.warn("{}: closing the input failed: {}", name, e.getMessage());
        }
    }
}
