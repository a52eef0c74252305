package io.distill.teacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EaseFitterTest {

    /**
     * Three users, three items, binary cells: u1 {a, b}, u2 {b, c}, u3 {a, b, c}. By hand:
     * G = XᵀX = [[2,2,1],[2,3,2],[1,2,2]] (order a, b, c); with λ = 1, G + λI = [[3,2,1],[2,4,2],[1,2,3]],
     * det 16, P = adj/16 = [[.5,-.25,0],[-.25,.5,-.25],[0,-.25,.5]], so B = -P/diag(P) with zero diagonal
     * = [[0,.5,0],[.5,0,.5],[0,.5,0]].
     */
    @Test
    void matchesTheClosedFormComputedByHand() {
        final InteractionLog log = new InteractionLog();
        log.record("u1", "a", 1f);
        log.record("u1", "b", 1f);
        log.record("u2", "b", 1f);
        log.record("u2", "c", 1f);
        log.record("u3", "a", 1f);
        log.record("u3", "b", 1f);
        log.record("u3", "c", 1f);

        final EaseModel model = new EaseFitter(1.0, 10, CellTransform.BINARY).fit(log.snapshot());

        // columns are ordered by frequency: b (3), then a and c (2 each, a seen first)
        assertThat(model.itemIds()).containsExactly("b", "a", "c");
        final Map<String, Map<String, Double>> expected = Map.of(
            "a", Map.of("a", 0.0, "b", 0.5, "c", 0.0),
            "b", Map.of("a", 0.5, "b", 0.0, "c", 0.5),
            "c", Map.of("a", 0.0, "b", 0.5, "c", 0.0));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                final double want = expected.get(model.itemId(i)).get(model.itemId(j));
                assertThat(model.weights().getDouble(i, j)).as("B[%s][%s]", model.itemId(i), model.itemId(j))
                    .isCloseTo(want, within(1e-6));
            }
        }
        assertThat(model.provenance().events()).isEqualTo(7);
        assertThat(model.provenance().users()).isEqualTo(3);
        assertThat(model.version()).isEqualTo("ease@7");
    }

    @Test
    void keepsOnlyTheMostFrequentItemsWhenCapped() {
        final InteractionLog log = new InteractionLog();
        log.record("u1", "rare", 1f);
        for (int u = 0; u < 5; u++) {
            log.record("u" + u, "common", 1f);
            log.record("u" + u, "second", 1f);
        }
        final EaseModel model = new EaseFitter(1.0, 2, CellTransform.BINARY).fit(log.snapshot());
        assertThat(model.itemIds()).containsExactly("common", "second");
        assertThat(model.columnOf(log.items().indexOf("rare"))).isEqualTo(-1);
        assertThat(model.provenance().catalogueSize()).isEqualTo(3);
    }

    @Test
    void inverseOfASymmetricPositiveDefiniteMatrix() {
        final double[] a = {3, 2, 1, 2, 4, 2, 1, 2, 3};
        SymmetricInverse.invertInPlace(a, 3);
        final double[] expected = {0.5, -0.25, 0, -0.25, 0.5, -0.25, 0, -0.25, 0.5};
        for (int i = 0; i < 9; i++) {
            assertThat(a[i]).isCloseTo(expected[i], within(1e-12));
        }
    }
}
