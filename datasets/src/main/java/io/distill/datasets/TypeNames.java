package io.distill.datasets;

import io.distill.avro.InteractionType;
import java.util.Locale;

/** Interaction type names as datasets spell them. */
final class TypeNames {
    private TypeNames() {
    }

    /**
     * Case-insensitive; {@code -} and spaces count as {@code _} and one trailing {@code s} is ignored
     * (OTTO writes {@code clicks}). Returns {@code null} for names that are not one of: view, click,
     * add_to_cart / addtocart / cart, purchase / order / buy / transaction.
     */
    static InteractionType parse(final String raw) {
        String name = raw.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        if (name.endsWith("s")) {
            name = name.substring(0, name.length() - 1);
        }
        return switch (name) {
            case "view", "page_view", "pageview" -> InteractionType.VIEW;
            case "click" -> InteractionType.CLICK;
            case "add_to_cart", "addtocart", "cart" -> InteractionType.ADD_TO_CART;
            case "purchase", "order", "buy", "transaction" -> InteractionType.PURCHASE;
            default -> null;
        };
    }
}
