package io.distill.datasets;

import io.distill.avro.Interaction;
import java.util.Iterator;
import java.util.OptionalLong;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A finite sequence of {@link Interaction}s in non-decreasing event-time order, read once.
 *
 * <p>Sources are single-pass and not thread-safe. Bad input lines are never thrown: they are skipped,
 * counted by reason and reported by {@link #skipReport()}, which is complete once {@link #hasNext()} has
 * returned {@code false}. Failures that make the whole input unusable (I/O errors, an unrecognisable
 * file) raise {@link DatasetException}. Close the source to release its file handle; closing twice is
 * harmless.
 */
public interface InteractionSource extends Iterator<Interaction>, AutoCloseable {

    /** Name of the dataset; also the prefix of every event id this source produces. */
    String name();

    /**
     * Approximate number of input records (lines, or events for multi-event lines), before skips; for
     * progress bars only. Empty when it cannot be estimated cheaply.
     */
    OptionalLong estimatedSize();

    /** What has been skipped so far and why; final once the source is exhausted. */
    SkipReport skipReport();

    /** Releases the underlying file; never throws a checked exception. */
    @Override
    void close();

    /** This source as a sequential, ordered stream; closing the stream closes the source. */
    default Stream<Interaction> stream() {
        final Spliterator<Interaction> spliterator = Spliterators.spliteratorUnknownSize(
                this, Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(spliterator, false).onClose(this::close);
    }
}
