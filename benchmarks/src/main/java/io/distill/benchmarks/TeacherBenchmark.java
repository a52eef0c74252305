package io.distill.benchmarks;

import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import io.distill.avro.SoftLabel;
import io.distill.teacher.Teacher;
import io.distill.teacher.TeacherSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The teacher's per-poll work: labelling one poll-sized batch of interactions with a fitted EASE model
 * over {@code catalogue} items — building the users' rows, one ND4J gemm against the item-item matrix,
 * then top-K, rank, negatives and label building per row. Reported per batch; divide by
 * {@code batch} for the cost per label. Refits are pushed out of the measurement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class TeacherBenchmark {
    private static final int USERS = 5000;

    @Param({"1000", "4000"})
    int catalogue;

    @Param({"500"})
    int batch;

    private Teacher teacher;
    private final List<List<Interaction>> batches = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        // one fit, installed at once, then none for the rest of the run
        final TeacherSettings settings = TeacherSettings.DEFAULT.withItemCap(catalogue).withRefit(200_000, 100_000_000, 0);
        teacher = new Teacher(settings, Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC));
        final SplittableRandom random = new SplittableRandom(3);
        final Instant time = Instant.parse("2024-01-01T00:00:00Z");
        final List<Interaction> warm = new ArrayList<>();
        for (int n = 0; n < 200_000; n++) {
            warm.add(event(random, n, time));
            if (warm.size() == 1000) {
                teacher.label(warm);
                warm.clear();
            }
        }
        teacher.awaitPendingFit();
        for (int b = 0; b < 16; b++) {
            final List<Interaction> events = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                events.add(event(random, 1_000_000 + b * batch + i, time));
            }
            batches.add(events);
        }
    }

    /** Users with a taste: each user draws items near a user-specific centre, so EASE has structure to learn. */
    private Interaction event(final SplittableRandom random, final int n, final Instant time) {
        final int user = random.nextInt(USERS);
        final int centre = (user * 37) % catalogue;
        final int item = Math.floorMod(centre + (int) (random.nextGaussian() * catalogue / 50.0), catalogue);
        return new Interaction("e" + n, "u" + user, "i" + item, InteractionType.CLICK, time.plusSeconds(n), null, null);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        teacher.close();
    }

    @Benchmark
    public List<SoftLabel> labelBatch() {
        return teacher.label(batches.get(next++ & 15));
    }
}
