package io.distill.schemas.registry;

import java.util.Objects;

/** A (subject, version) pair: where a schema id is registered. */
public record SubjectVersion(String subject, int version) {
    public SubjectVersion {
        Objects.requireNonNull(subject, "subject");
    }
}
