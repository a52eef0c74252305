package io.distill.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class SyntheticStreamTest {
    private static final Logger LOG = LoggerFactory.getLogger(SyntheticStreamTest.class);

    private static final SyntheticStream DEFAULT = new SyntheticStream(SyntheticParams.DEFAULTS);
    private static List<Interaction> events;

    @BeforeAll
    static void generate() {
        try (InteractionSource source = DEFAULT.open()) {
            events = source.stream().toList();
        }
    }

    @Test
    void producesTheConfiguredNumberOfStrictlyTimeOrderedUniquelyIdentifiedEvents() {
        assertThat(events).hasSize(50_000);
        assertThat(events.get(0).getTimestamp()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        for (int i = 1; i < events.size(); i++) {
            if (!events.get(i).getTimestamp().isAfter(events.get(i - 1).getTimestamp())) {
                throw new AssertionError("event " + i + " is not after its predecessor");
            }
        }
        assertThat(events.stream().map(Interaction::getEventId).distinct().count()).isEqualTo(events.size());
        assertThat(events.get(0).getEventId()).isEqualTo("synthetic-42:0");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getValue()).isNull();
            assertThat(e.getContext()).isNull();
        });
    }

    @Test
    void isDeterministicPerSeed() {
        final List<Interaction> again;
        try (InteractionSource source = new SyntheticStream(SyntheticParams.DEFAULTS).open()) {
            again = source.stream().toList();
        }
        assertThat(again).isEqualTo(events);

        final List<Interaction> otherSeed;
        try (InteractionSource source = new SyntheticStream(SyntheticParams.DEFAULTS.withSeed(7)).open()) {
            otherSeed = source.stream().limit(100).toList();
        }
        assertThat(otherSeed).extracting(Interaction::getItemId)
                .isNotEqualTo(events.subList(0, 100).stream().map(Interaction::getItemId).toList());
        assertThat(otherSeed.get(0).getEventId()).isEqualTo("synthetic-7:0");
    }

    @Test
    void drawsTypesInARealisticMix() {
        final Map<InteractionType, Integer> counts = new EnumMap<>(InteractionType.class);
        events.forEach(e -> counts.merge(e.getType(), 1, Integer::sum));
        final double n = events.size();
        assertThat(counts.get(InteractionType.VIEW) / n).isCloseTo(0.70, within(0.01));
        assertThat(counts.get(InteractionType.CLICK) / n).isCloseTo(0.20, within(0.01));
        assertThat(counts.get(InteractionType.ADD_TO_CART) / n).isCloseTo(0.07, within(0.01));
        assertThat(counts.get(InteractionType.PURCHASE) / n).isCloseTo(0.03, within(0.01));
        assertThat(counts).doesNotContainKey(InteractionType.UNKNOWN);
    }

    @Test
    void plantsThePreferencesItReports() {
        // P(event in a preferred group) = p + (1 - p) * |preferred| / G, averaged over users' group counts
        long inPreferred = 0;
        double expected = 0;
        final Map<InteractionType, long[]> byType = new EnumMap<>(InteractionType.class);
        for (final Interaction e : events) {
            final List<Integer> preferred = DEFAULT.preferredGroups(e.getUserId());
            final boolean hit = preferred.contains(DEFAULT.groupOfItem(e.getItemId()));
            inPreferred += hit ? 1 : 0;
            expected += 0.9 + 0.1 * preferred.size() / 20.0;
            final long[] tally = byType.computeIfAbsent(e.getType(), t -> new long[2]);
            tally[0] += hit ? 1 : 0;
            tally[1]++;
        }
        assertThat((double) inPreferred / events.size()).isCloseTo(expected / events.size(), within(0.01));
        // the item does not depend on the type: purchases are as on-taste as views
        final double views = (double) byType.get(InteractionType.VIEW)[0] / byType.get(InteractionType.VIEW)[1];
        final double purchases =
                (double) byType.get(InteractionType.PURCHASE)[0] / byType.get(InteractionType.PURCHASE)[1];
        assertThat(purchases).isCloseTo(views, within(0.03));
    }

    @Test
    void keepsGroupsEquallyPopularOverall() {
        final long[] perGroup = new long[20];
        events.forEach(e -> perGroup[DEFAULT.groupOfItem(e.getItemId())]++);
        final double mean = events.size() / 20.0;
        for (final long count : perGroup) {
            assertThat(count / mean).isBetween(0.75, 1.25);
        }
        final int[] preferredBy = new int[20];
        DEFAULT.userIds().forEach(u -> DEFAULT.preferredGroups(u).forEach(g -> preferredBy[g]++));
        final int min = Arrays.stream(preferredBy).min().orElseThrow();
        final int max = Arrays.stream(preferredBy).max().orElseThrow();
        assertThat(max - min).isLessThanOrEqualTo(2);
    }

    @Test
    void letsUsersArriveOverTime() {
        final Set<String> atStart = new HashSet<>();
        final Map<String, Integer> firstEvent = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            final String user = events.get(i).getUserId();
            firstEvent.putIfAbsent(user, i);
            if (i < 5_000) {
                atStart.add(user);
            }
        }
        assertThat(DEFAULT.userIds()).filteredOn(u -> DEFAULT.arrivalEvent(u) == 0).hasSize(50);
        assertThat(atStart.size()).isLessThan(200);
        assertThat(firstEvent).hasSize(500);
        firstEvent.forEach((user, index) -> assertThat(index).isGreaterThanOrEqualTo(
                (int) DEFAULT.arrivalEvent(user)));
        assertThat(DEFAULT.userIds()).allSatisfy(u -> assertThat(DEFAULT.arrivalEvent(u)).isLessThan(40_000));
    }

    @Test
    void exposesAConsistentGroundTruth() {
        final Set<String> all = new HashSet<>();
        for (int g = 0; g < 20; g++) {
            final List<String> group = DEFAULT.itemsOfGroup(g);
            assertThat(group).hasSize(50);
            for (int r = 0; r < group.size(); r++) {
                assertThat(DEFAULT.groupOfItem(group.get(r))).isEqualTo(g);
                assertThat(DEFAULT.rankInGroup(group.get(r))).isEqualTo(r);
            }
            all.addAll(group);
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(DEFAULT.itemIds());

        final String user = "u17";
        final List<Integer> preferred = DEFAULT.preferredGroups(user);
        assertThat(preferred).hasSizeBetween(1, 2).doesNotHaveDuplicates();
        final double total = DEFAULT.itemIds().stream().mapToDouble(i -> DEFAULT.itemProbability(user, i)).sum();
        assertThat(total).isCloseTo(1.0, within(1e-9));

        final List<String> top = DEFAULT.oracleTopN(user, 10, Set.of());
        assertThat(top).hasSize(10).allSatisfy(i -> assertThat(preferred).contains(DEFAULT.groupOfItem(i)));
        assertThat(top.subList(0, preferred.size())).containsExactlyInAnyOrderElementsOf(
                preferred.stream().map(g -> DEFAULT.itemsOfGroup(g).get(0)).toList());
        final List<String> withoutHead = DEFAULT.oracleTopN(user, 10, Set.of(top.get(0)));
        assertThat(withoutHead).doesNotContain(top.get(0)).containsAll(top.subList(1, 10));

        assertThatThrownBy(() -> DEFAULT.groupOfItem("nope")).isInstanceOf(DatasetException.class)
                .hasMessageContaining("nope");
    }

    @Test
    void rejectsInvalidParametersByName() {
        final SyntheticParams d = SyntheticParams.DEFAULTS;
        assertThatThrownBy(() -> d.withSize(0, 1000, 20, 1).validate()).hasMessageContaining("users");
        assertThatThrownBy(() -> d.withSize(10, 5, 20, 1).validate()).hasMessageContaining("items");
        assertThatThrownBy(() -> d.withSize(10, 100, 20, 0).validate()).hasMessageContaining("events");
        assertThatThrownBy(() -> d.withPreferredGroupProbability(1.5).validate())
                .hasMessageContaining("preferredGroupProbability");
        assertThatThrownBy(() -> d.withZipfExponent(-1).validate()).hasMessageContaining("zipfExponent");
        assertThatThrownBy(() -> d.withTypeMix(new SyntheticParams.TypeMix(0, 0, 0, 0)).validate())
                .hasMessageContaining("typeMix");
        assertThatThrownBy(() -> d.withArrivals(0, 0.5).validate()).hasMessageContaining("initialUserFraction");
        assertThatThrownBy(() -> d.withTiming(null, 10).validate()).hasMessageContaining("start");
        assertThatThrownBy(() -> new SyntheticStream(d.withSize(10, 100, 1, 10)))
                .isInstanceOf(DatasetException.class).hasMessageContaining("secondGroupProbability");
        assertThat(d.validate()).isSameAs(d);
    }

    /**
     * The property the project's quality tests rest on: a recommender that knows the planted groups beats
     * global popularity by far. Prequential, test-then-train, seen items excluded; a repeat interaction is a
     * miss for every model.
     */
    @Test
    void oracleBeatsPopularityByFarPrequentially() {
        final Prequential result = Prequential.run(DEFAULT, events);
        LOG.info(
                "default synthetic stream, HR@10 whole stream: oracle {} popularity {} weighted popularity {};"
                        + " second half: oracle {} popularity {} weighted popularity {}; repeats {}",
                fmt(result.oracleAll()), fmt(result.popularityAll()), fmt(result.weightedPopularityAll()),
                fmt(result.oracleSecondHalf()), fmt(result.popularitySecondHalf()),
                fmt(result.weightedPopularitySecondHalf()), fmt(result.repeatFraction()));

        assertThat(result.oracleSecondHalf()).isGreaterThan(5 * result.popularitySecondHalf());
        assertThat(result.oracleSecondHalf()).isGreaterThan(5 * result.weightedPopularitySecondHalf());
        assertThat(result.oracleAll()).isGreaterThan(5 * result.popularityAll());
        assertThat(result.oracleSecondHalf()).isGreaterThan(0.10);
    }

    private static String fmt(final double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /** Prequential HR@10 of the oracle and of (unweighted and type-weighted) global popularity. */
    record Prequential(double oracleAll, double popularityAll, double weightedPopularityAll, double oracleSecondHalf,
                       double popularitySecondHalf, double weightedPopularitySecondHalf, double repeatFraction) {
        private static final int K = 10;

        static Prequential run(final SyntheticStream stream, final List<Interaction> events) {
            final int items = stream.params().items();
            final int users = stream.params().users();
            final double[] counts = new double[items];
            final double[] weighted = new double[items];
            final boolean[][] seen = new boolean[users][items];
            final List<Set<String>> seenIds = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                seenIds.add(new HashSet<>());
            }
            final long[] hits = new long[6];
            long repeats = 0;
            final int half = events.size() / 2;
            for (int n = 0; n < events.size(); n++) {
                final Interaction e = events.get(n);
                final int user = Integer.parseInt(e.getUserId().substring(1));
                final int item = Integer.parseInt(e.getItemId().substring(1));
                final boolean late = n >= half;
                repeats += seen[user][item] ? 1 : 0;
                if (stream.oracleTopN(e.getUserId(), K, seenIds.get(user)).contains(e.getItemId())) {
                    hits[0]++;
                    hits[3] += late ? 1 : 0;
                }
                if (inTopUnseen(counts, seen[user], item)) {
                    hits[1]++;
                    hits[4] += late ? 1 : 0;
                }
                if (inTopUnseen(weighted, seen[user], item)) {
                    hits[2]++;
                    hits[5] += late ? 1 : 0;
                }
                counts[item]++;
                weighted[item] += weight(e.getType());
                seen[user][item] = true;
                seenIds.get(user).add(e.getItemId());
            }
            final double all = events.size();
            final double second = events.size() - half;
            return new Prequential(hits[0] / all, hits[1] / all, hits[2] / all, hits[3] / second, hits[4] / second,
                    hits[5] / second, repeats / all);
        }

        // the ranking module's default implicit-feedback weights: view 1, click 2, cart 4, purchase 8
        private static double weight(final InteractionType type) {
            return switch (type) {
                case VIEW -> 1;
                case CLICK -> 2;
                case ADD_TO_CART -> 4;
                case PURCHASE -> 8;
                case UNKNOWN -> 0;
            };
        }

        /** Whether {@code target} is among the K highest-scored unseen items (ties to the lower index). */
        private static boolean inTopUnseen(final double[] scores, final boolean[] seen, final int target) {
            if (seen[target]) {
                return false;
            }
            int better = 0;
            for (int i = 0; i < scores.length && better < K; i++) {
                final boolean ahead = scores[i] > scores[target] || (scores[i] == scores[target] && i < target);
                if (i != target && !seen[i] && ahead) {
                    better++;
                }
            }
            return better < K;
        }
    }
}
