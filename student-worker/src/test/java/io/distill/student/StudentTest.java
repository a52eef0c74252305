package io.distill.student;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.avro.Candidate;
import io.distill.avro.InteractionType;
import io.distill.avro.SoftLabel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StudentTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    static SoftLabel label(final int n, final String user, final String item) {
        final List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            candidates.add(new Candidate("i" + i, 3f - i * 0.5f));
        }
        final Instant time = T0.plusSeconds(n);
        return new SoftLabel("e" + n, user, time, item, InteractionType.CLICK, "ease@100", 2f, candidates, 3, time);
    }

    static List<SoftLabel> stream(final int n) {
        final List<SoftLabel> labels = new ArrayList<>();
        final String[] users = {"alice", "bob", "carol"};
        for (int i = 0; i < n; i++) {
            labels.add(label(i, users[i % 3], "i" + (i * 7 % 11)));
        }
        return labels;
    }

    @Test
    void serialisedStateContinuesBitIdentically() {
        final StudentSettings settings = StudentSettings.DEFAULT;
        final List<SoftLabel> labels = stream(40);

        final ItemTable itemsA = new ItemTable(settings);
        final Student a = new Student(settings, itemsA);
        final Map<String, UserState> usersA = new HashMap<>();
        for (final SoftLabel label : labels) {
            a.learn(label, usersA.computeIfAbsent(label.getUserId(), id -> UserState.create(id, settings)));
        }

        final ItemTable itemsB = new ItemTable(settings);
        final Student b = new Student(settings, itemsB);
        final Map<String, UserState> usersB = new HashMap<>();
        for (final SoftLabel label : labels.subList(0, 17)) {
            b.learn(label, usersB.computeIfAbsent(label.getUserId(), id -> UserState.create(id, settings)));
        }
        // persist and restore everything, items in reverse order
        final ItemTable itemsC = new ItemTable(settings);
        for (int i = itemsB.size() - 1; i >= 0; i--) {
            itemsC.readRow(itemsB.idOf(i), itemsB.writeRow(i));
        }
        final Map<String, UserState> usersC = new HashMap<>();
        usersB.forEach((id, user) -> usersC.put(id, UserState.fromBytes(user.toBytes(), settings)));
        final Student c = new Student(settings, itemsC);
        for (final SoftLabel label : labels.subList(17, 40)) {
            c.learn(label, usersC.computeIfAbsent(label.getUserId(), id -> UserState.create(id, settings)));
        }

        assertThat(itemsC.size()).isEqualTo(itemsA.size());
        for (int i = 0; i < itemsA.size(); i++) {
            assertThat(itemsC.writeRow(i)).as("item %s", itemsA.idOf(i)).isEqualTo(itemsA.writeRow(i));
        }
        usersA.forEach((id, user) -> assertThat(usersC.get(id).toBytes()).as("user %s", id).isEqualTo(user.toBytes()));
    }
}
