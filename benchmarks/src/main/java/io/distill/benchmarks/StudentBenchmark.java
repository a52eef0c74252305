package io.distill.benchmarks;

import io.distill.avro.Candidate;
import io.distill.avro.InteractionType;
import io.distill.avro.SoftLabel;
import io.distill.student.ItemTable;
import io.distill.student.Observation;
import io.distill.student.Student;
import io.distill.student.StudentSettings;
import io.distill.student.UserState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The student's per-event work at several catalogue sizes: {@code learn} is one soft label end to end
 * (prequential full-catalogue ranking, loss, Adagrad update of the user, its recent items and every
 * candidate and sampled negative); {@code recommend} is the full-catalogue top-N published after it.
 * Labels carry 50 teacher top-K candidates and 50 teacher negatives, as the defaults do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class StudentBenchmark {
    private static final int USERS = 2000;
    private static final int LABELS = 4096;

    @Param({"1000", "10000", "100000"})
    int catalogue;

    @Param({"64"})
    int dimension;

    private Student student;
    private UserState[] users;
    private SoftLabel[] labels;
    private int next;
    private int[] topItems;
    private float[] topScores;

    @Setup(Level.Trial)
    public void setUp() {
        final StudentSettings settings = StudentSettings.builder().dimension(dimension).build();
        final ItemTable items = new ItemTable(settings);
        for (int i = 0; i < catalogue; i++) {
            items.ensure("i" + i);
            items.popularity().observe(i, 1f);
        }
        student = new Student(settings, items);
        final SplittableRandom random = new SplittableRandom(1);
        users = new UserState[USERS];
        for (int u = 0; u < USERS; u++) {
            users[u] = UserState.create("u" + u, settings);
        }
        labels = new SoftLabel[LABELS];
        final Instant time = Instant.parse("2024-01-01T00:00:00Z");
        for (int n = 0; n < LABELS; n++) {
            final List<Candidate> candidates = new ArrayList<>(100);
            for (int c = 0; c < 100; c++) {
                candidates.add(new Candidate("i" + random.nextInt(catalogue), (float) random.nextGaussian() * 2f));
            }
            labels[n] = new SoftLabel("e" + n, "u" + random.nextInt(USERS), time, "i" + random.nextInt(catalogue),
                InteractionType.CLICK, "ease@bench", 2f, candidates, 5, time);
        }
        // give every user a history of 50 items, as a steady-state user has
        for (int u = 0; u < USERS; u++) {
            for (int h = 0; h < 50; h++) {
                final SoftLabel warm = labels[(u * 50 + h) % LABELS];
                student.learn(new SoftLabel(warm.getEventId() + "w" + u, "u" + u, time, "i" + random.nextInt(catalogue),
                    InteractionType.CLICK, "ease@bench", 2f, warm.getCandidates(), 5, time), users[u]);
            }
        }
        topItems = new int[settings.topN()];
        topScores = new float[settings.topN()];
    }

    @Benchmark
    public Observation learn() {
        final SoftLabel label = labels[next++ & (LABELS - 1)];
        return student.learn(label, users[(next * 7919) % USERS]);
    }

    @Benchmark
    public int recommend() {
        return student.recommend(users[next++ % USERS], topItems, topScores);
    }
}
