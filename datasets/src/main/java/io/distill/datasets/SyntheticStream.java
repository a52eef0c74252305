package io.distill.datasets;

import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A synthetic interaction stream with planted preferences, so that the right answer is known.
 *
 * <p>Items are dealt into groups (genres), each with a Zipf popularity order. Every user prefers one or two
 * groups; preferred groups are dealt, in order of arrival, from repeatedly shuffled decks so every group is
 * preferred by about the same number of users in every cohort, which makes the groups equally popular
 * overall. An event picks an active user
 * uniformly, then a preferred group with probability p (else any group uniformly), then an item of that
 * group by Zipf rank; its type is drawn independently of the item. Users arrive over time, so some are cold.
 *
 * <p>Consequence: the globally most popular items are the heads of all groups, of which a user wants at most
 * two, so popularity is a weak recommender, while a model that learns the groups can rank well. The ground
 * truth is exposed ({@link #groupOfItem}, {@link #preferredGroups}, {@link #itemProbability},
 * {@link #oracleTopN}) for tests to check that a model recovers it.
 *
 * <p>Everything follows from {@link SyntheticParams#seed()} through {@link SplittableRandom} and
 * {@link StrictMath}: no wall clock, identical streams on every JVM, and every {@link #open()} replays the
 * same events. User ids are {@code u<n>}, item ids {@code i<n>}; neither reveals a group. Instances are
 * immutable and thread-safe; the sources they open are not.
 */
public final class SyntheticStream {
    private static final InteractionType[] TYPES = {
        InteractionType.VIEW, InteractionType.CLICK, InteractionType.ADD_TO_CART, InteractionType.PURCHASE};

    private final SyntheticParams params;
    private final String name;
    private final long eventSeed;
    private final int[] groupOfItem;
    private final int[] rankOfItem;
    private final int[][] itemsOfGroup;
    private final double[][] zipfPmf;
    private final double[][] zipfCdf;
    private final int[][] preferred;
    private final int[] arrivalOrder;
    private final long[] arrivalEvent;
    private final long[] arrivalOfUser;
    private final double[] typeCdf;
    private final Map<String, Integer> userIndex = new HashMap<>();
    private final Map<String, Integer> itemIndex = new HashMap<>();

    /**
     * Builds the planted structure.
     *
     * @throws DatasetException if {@code params} do not validate
     */
    public SyntheticStream(final SyntheticParams params) {
        this.params = params.validate();
        this.name = "synthetic-" + params.seed();
        final SplittableRandom root = new SplittableRandom(params.seed());
        final SplittableRandom structure = root.split();
        this.eventSeed = root.nextLong();

        final int items = params.items();
        final int groups = params.groups();
        this.groupOfItem = new int[items];
        this.rankOfItem = new int[items];
        this.itemsOfGroup = new int[groups][];
        final int[] dealt = permutation(items, structure);
        for (int g = 0; g < groups; g++) {
            itemsOfGroup[g] = new int[(items - g + groups - 1) / groups];
        }
        for (int k = 0; k < items; k++) {
            final int item = dealt[k];
            groupOfItem[item] = k % groups;
            rankOfItem[item] = k / groups;
            itemsOfGroup[k % groups][k / groups] = item;
        }
        this.zipfPmf = new double[groups][];
        this.zipfCdf = new double[groups][];
        for (int g = 0; g < groups; g++) {
            zipfPmf[g] = zipf(itemsOfGroup[g].length, params.zipfExponent());
            zipfCdf[g] = cumulative(zipfPmf[g]);
        }

        final int users = params.users();
        this.arrivalOrder = permutation(users, structure);
        this.preferred = dealPreferredGroups(params, arrivalOrder, structure);
        this.arrivalEvent = new long[users];
        final int initial = (int) Math.max(1, Math.round(params.initialUserFraction() * users));
        final long window = (long) Math.floor(params.arrivalWindow() * params.events());
        for (int k = initial; k < users; k++) {
            arrivalEvent[k] = window == 0 ? 0 : (long) Math.floor(structure.nextDouble() * window);
        }
        Arrays.sort(arrivalEvent, initial, users);
        this.arrivalOfUser = new long[users];
        for (int k = 0; k < users; k++) {
            arrivalOfUser[arrivalOrder[k]] = arrivalEvent[k];
        }

        final SyntheticParams.TypeMix mix = params.typeMix();
        this.typeCdf = cumulative(new double[] {mix.view(), mix.click(), mix.addToCart(), mix.purchase()});

        for (int u = 0; u < users; u++) {
            userIndex.put(userId(u), u);
        }
        for (int i = 0; i < items; i++) {
            itemIndex.put(itemId(i), i);
        }
    }

    public SyntheticParams params() {
        return params;
    }

    /** {@code synthetic-<seed>}: the source name and event-id prefix. */
    public String name() {
        return name;
    }

    /** A fresh source over the whole stream; every call yields the same events. */
    public InteractionSource open() {
        return new Source();
    }

    /** External id of the user with dense index {@code index}. */
    public static String userId(final int index) {
        return "u" + index;
    }

    /** External id of the item with dense index {@code index}. */
    public static String itemId(final int index) {
        return "i" + index;
    }

    /** All user ids, by dense index. */
    public List<String> userIds() {
        final List<String> ids = new ArrayList<>(params.users());
        for (int u = 0; u < params.users(); u++) {
            ids.add(userId(u));
        }
        return List.copyOf(ids);
    }

    /** All item ids, by dense index. */
    public List<String> itemIds() {
        final List<String> ids = new ArrayList<>(params.items());
        for (int i = 0; i < params.items(); i++) {
            ids.add(itemId(i));
        }
        return List.copyOf(ids);
    }

    /** The planted group of an item, in {@code [0, groups)}. */
    public int groupOfItem(final String itemId) {
        return groupOfItem[item(itemId)];
    }

    /** The planted popularity rank of an item within its group, 0 for the most popular. */
    public int rankInGroup(final String itemId) {
        return rankOfItem[item(itemId)];
    }

    /** The items of a group, most popular first. */
    public List<String> itemsOfGroup(final int group) {
        if (group < 0 || group >= params.groups()) {
            throw new DatasetException("group " + group + " is not in [0, " + params.groups() + ")");
        }
        final List<String> ids = new ArrayList<>(itemsOfGroup[group].length);
        for (final int item : itemsOfGroup[group]) {
            ids.add(itemId(item));
        }
        return List.copyOf(ids);
    }

    /** The user's preferred groups: one or two, in the order they were dealt. */
    public List<Integer> preferredGroups(final String userId) {
        return Arrays.stream(preferred[user(userId)]).boxed().toList();
    }

    /** Index of the first event at which the user can appear; 0 for users present from the start. */
    public long arrivalEvent(final String userId) {
        return arrivalOfUser[user(userId)];
    }

    /** The planted probability that an event of {@code userId} is on {@code itemId}. */
    public double itemProbability(final String userId, final String itemId) {
        return probability(user(userId), item(itemId));
    }

    /**
     * The planted top-N for a user: the {@code n} items not in {@code seen} with the highest
     * {@link #itemProbability}, i.e. the most popular unseen items of the user's preferred groups, then
     * (only once those run out) the heads of the other groups. Ties go to the lower rank, then lower group.
     */
    public List<String> oracleTopN(final String userId, final int n, final Set<String> seen) {
        final int user = user(userId);
        final List<int[]> candidates = new ArrayList<>();
        for (int g = 0; g < params.groups(); g++) {
            int taken = 0;
            for (int r = 0; r < itemsOfGroup[g].length && taken < n; r++) {
                final int item = itemsOfGroup[g][r];
                if (!seen.contains(itemId(item))) {
                    candidates.add(new int[] {item, r, g});
                    taken++;
                }
            }
        }
        final Comparator<int[]> byProbability =
                Comparator.comparingDouble((int[] c) -> -probability(user, c[0]))
                        .thenComparingInt(c -> c[1])
                        .thenComparingInt(c -> c[2]);
        candidates.sort(byProbability);
        final List<String> top = new ArrayList<>(Math.min(n, candidates.size()));
        for (int k = 0; k < candidates.size() && k < n; k++) {
            top.add(itemId(candidates.get(k)[0]));
        }
        return List.copyOf(top);
    }

    private double probability(final int user, final int item) {
        final int group = groupOfItem[item];
        final int[] mine = preferred[user];
        double groupProbability = (1.0 - params.preferredGroupProbability()) / params.groups();
        for (final int g : mine) {
            if (g == group) {
                groupProbability += params.preferredGroupProbability() / mine.length;
            }
        }
        return groupProbability * zipfPmf[group][rankOfItem[item]];
    }

    private int user(final String userId) {
        final Integer index = userIndex.get(userId);
        if (index == null) {
            throw new DatasetException("'" + userId + "' is not a user of " + name);
        }
        return index;
    }

    private int item(final String itemId) {
        final Integer index = itemIndex.get(itemId);
        if (index == null) {
            throw new DatasetException("'" + itemId + "' is not an item of " + name);
        }
        return index;
    }

    // Dealing from a reshuffled deck of all groups keeps the number of users preferring each group within one
    // deck of equal. Dealing in arrival order keeps every cohort balanced too, which matters because early
    // users are active longest and so produce most events: global popularity must not favour any group.
    private static int[][] dealPreferredGroups(final SyntheticParams params, final int[] arrivalOrder,
                                               final SplittableRandom random) {
        final int groups = params.groups();
        final int[][] preferred = new int[params.users()][];
        final int[] deck = new int[groups];
        int next = groups;
        for (final int u : arrivalOrder) {
            final int count = random.nextDouble() < params.secondGroupProbability() ? 2 : 1;
            final int[] mine = new int[count];
            for (int k = 0; k < count; k++) {
                int group;
                do {
                    if (next == groups) {
                        shuffleInto(deck, random);
                        next = 0;
                    }
                    group = deck[next++];
                } while (k == 1 && group == mine[0]);
                mine[k] = group;
            }
            preferred[u] = mine;
        }
        return preferred;
    }

    private static int[] permutation(final int size, final SplittableRandom random) {
        final int[] values = new int[size];
        shuffleInto(values, random);
        return values;
    }

    private static void shuffleInto(final int[] values, final SplittableRandom random) {
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        for (int i = values.length - 1; i > 0; i--) {
            final int j = random.nextInt(i + 1);
            final int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    private static double[] zipf(final int size, final double exponent) {
        final double[] pmf = new double[size];
        double total = 0.0;
        for (int r = 0; r < size; r++) {
            pmf[r] = 1.0 / StrictMath.pow(r + 1, exponent);
            total += pmf[r];
        }
        for (int r = 0; r < size; r++) {
            pmf[r] /= total;
        }
        return pmf;
    }

    private static double[] cumulative(final double[] weights) {
        double total = 0.0;
        for (final double w : weights) {
            total += w;
        }
        final double[] cdf = new double[weights.length];
        double running = 0.0;
        for (int i = 0; i < weights.length; i++) {
            running += weights[i];
            cdf[i] = running / total;
        }
        cdf[cdf.length - 1] = 1.0;
        return cdf;
    }

    /** Smallest index whose cumulative probability exceeds {@code u}. */
    private static int sample(final double[] cdf, final double u) {
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (cdf[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Draws events lazily; the draw order per event (user, group, item, type, gap) is part of the contract. */
    private final class Source implements InteractionSource {
        private final SplittableRandom random = new SplittableRandom(eventSeed);
        private long index;
        private int active;
        private long timeMillis = params.start().toEpochMilli();

        @Override
        public String name() {
            return name;
        }

        @Override
        public OptionalLong estimatedSize() {
            return OptionalLong.of(params.events());
        }

        @Override
        public SkipReport skipReport() {
            return SkipReport.clean(index, index);
        }

        @Override
        public boolean hasNext() {
            return index < params.events();
        }

        @Override
        public Interaction next() {
            if (!hasNext()) {
                throw new NoSuchElementException(name + " has produced all " + params.events() + " events");
            }
            while (active < arrivalOrder.length && arrivalEvent[active] <= index) {
                active++;
            }
            final int user = arrivalOrder[random.nextInt(active)];
            final int[] mine = preferred[user];
            final int group = random.nextDouble() < params.preferredGroupProbability()
                    ? mine[random.nextInt(mine.length)]
                    : random.nextInt(params.groups());
            final int item = itemsOfGroup[group][sample(zipfCdf[group], random.nextDouble())];
            final InteractionType type = TYPES[sample(typeCdf, random.nextDouble())];
            if (index > 0) {
                final double gap = -params.meanGapMillis() * StrictMath.log(1.0 - random.nextDouble());
                timeMillis += 1 + (long) gap;
            }
            final Interaction event = new Interaction(name + ":" + index, userId(user), itemId(item), type,
                    Instant.ofEpochMilli(timeMillis), null, null);
            index++;
            return event;
        }

        @Override
        public void close() {
            // nothing to release: the stream is computed, not read
        }
    }
}
