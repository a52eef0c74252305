package io.distill.schemas.validation;

/** The outcome of validating one input record. */
public sealed interface Verdict {

    /** Accepted. There is one instance: accepting allocates nothing. */
    record Accepted() implements Verdict {
    }

    /** Rejected, with a reason code and a human-readable detail for the dead-letter headers. */
    record Rejected(RejectReason reason, String detail) implements Verdict {
    }

    Accepted ACCEPTED = new Accepted();

    static Verdict reject(final RejectReason reason, final String detail) {
        return new Rejected(reason, detail);
    }
}
