package io.distill.datasets;

/** Why an input record did not become an {@link io.distill.avro.Interaction}. */
public enum SkipReason {
    /** An empty line. */
    BLANK_LINE,
    /** A CSV record that breaks RFC 4180 (unterminated quote, text after a closing quote). */
    MALFORMED_CSV,
    /** A JSON line that does not parse, or is not the expected object shape. */
    MALFORMED_JSON,
    /** A record with more or fewer fields than the format has. */
    WRONG_FIELD_COUNT,
    /** A required field (user, item, invoice) is empty. */
    MISSING_FIELD,
    /** A numeric field (quantity, rating, value, id) does not parse or is not finite. */
    BAD_NUMBER,
    /** The timestamp does not parse. */
    BAD_TIMESTAMP,
    /** The interaction type name is not one this project knows. */
    UNKNOWN_TYPE,
    /** Online Retail: no CustomerID, so the purchase cannot be attributed to a user. */
    ANONYMOUS_USER,
    /** Online Retail: an invoice starting with {@code C}, dropped under {@link CancellationPolicy#DROP}. */
    CANCELLATION,
    /** Online Retail: a non-cancellation line whose quantity is zero or negative. */
    NON_POSITIVE_QUANTITY,
    /** MovieLens: a rating below the configured minimum. */
    BELOW_MIN_RATING,
    /** A streamed file that should be time-sorted had a record earlier than its predecessor. */
    OUT_OF_ORDER
}
