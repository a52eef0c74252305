package io.distill.ranking;

import io.distill.avro.InteractionType;

/**
 * How strongly each kind of interaction says "this user wants this item". Purchases outweigh carts,
 * carts outweigh clicks, clicks outweigh views; the defaults follow the common practice of implicit
 * feedback recommenders and are configurable per deployment.
 */
public record InteractionWeights(float view, float click, float addToCart, float purchase) {

    public static final InteractionWeights DEFAULT = new InteractionWeights(1f, 2f, 4f, 8f);

    public InteractionWeights {
        check("view", view);
        check("click", click);
        check("addToCart", addToCart);
        check("purchase", purchase);
    }

    /** Weight of one interaction of {@code type}; UNKNOWN (rejected upstream) weighs nothing. */
    public float weight(final InteractionType type) {
        return switch (type) {
            case VIEW -> view;
            case CLICK -> click;
            case ADD_TO_CART -> addToCart;
            case PURCHASE -> purchase;
            case UNKNOWN -> 0f;
        };
    }

    /** The largest weight: what a user-item cell saturates at. */
    public float max() {
        return Math.max(Math.max(view, click), Math.max(addToCart, purchase));
    }

    private static void check(final String name, final float value) {
        if (!(value >= 0f) || Float.isInfinite(value)) {
            throw new IllegalArgumentException("interaction weight " + name + " must be a finite value >= 0, got " + value);
        }
    }
}
