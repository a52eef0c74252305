package io.distill.datasets;

import io.distill.schemas.DistillException;

/**
 * A dataset could not be opened or read at all (missing file, unreadable format, I/O failure), or a
 * dataset parameter is invalid. Individual bad lines never raise it: they are skipped and counted in the
 * {@link SkipReport}.
 */
public final class DatasetException extends DistillException {
    private static final long serialVersionUID = 1L;

    public DatasetException(final String message) {
        super(message);
    }

    public DatasetException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
