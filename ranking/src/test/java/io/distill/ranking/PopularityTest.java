package io.distill.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PopularityTest {

    @Test
    void ranksByCountExcludingSeenItems() {
        final Popularity popularity = new Popularity(2);
        popularity.observe(0, 1f);
        popularity.observe(1, 1f);
        popularity.observe(1, 1f);
        popularity.observe(5, 3f);
        final IntSet seen = new IntSet();
        assertThat(popularity.rankOf(5, seen)).isZero();
        assertThat(popularity.rankOf(1, seen)).isEqualTo(1);
        seen.add(5);
        assertThat(popularity.rankOf(0, seen)).isEqualTo(1);
        assertThat(popularity.rankOf(3, seen)).isEqualTo(-1); // never observed: unrankable
        assertThat(popularity.size()).isEqualTo(6);
        assertThat(popularity.total()).isEqualTo(4);
    }
}
