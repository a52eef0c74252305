package io.distill.teacher;

/**
 * How a user's accumulated interaction weight for an item becomes the value of their cell in the
 * user-item matrix the teacher is fitted on and scores with.
 */
public enum CellTransform {
    /** 1 for any interaction: Steck's original EASE setting. */
    BINARY,
    /** log(1 + weight): stronger and repeated interactions count more, with diminishing returns. */
    LOG1P,
    /** The accumulated weight itself. */
    RAW;

    public float apply(final float weight) {
        return switch (this) {
            case BINARY -> weight > 0f ? 1f : 0f;
            case LOG1P -> (float) Math.log1p(weight);
            case RAW -> weight;
        };
    }
}
