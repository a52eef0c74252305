package io.distill.app.ingest;

import io.distill.avro.Interaction;
import io.distill.schemas.validation.InteractionValidator;
import io.distill.schemas.validation.Verdict;

/**
 * The field validation the ingest applies to each decoded interaction. In production this is
 * {@link InteractionValidator#validate} (shared with the offline evaluation); the interface exists so that tests
 * can inject a validator that fails in ways the real one does not.
 */
@FunctionalInterface
public interface EventValidator {

    /**
     * @param key   the record key (the userId it must match), decoded as UTF-8
     * @param event the decoded interaction
     * @return accepted, or rejected with a reason and a detail
     */
    Verdict validate(String key, Interaction event);

    /** The shared field validation. */
    static EventValidator of(final InteractionValidator validator) {
        return validator::validate;
    }
}
