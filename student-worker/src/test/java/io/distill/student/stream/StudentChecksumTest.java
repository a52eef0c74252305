package io.distill.student.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StudentChecksumTest {

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** store → partition → rows, each row given as key, value, key, value... */
    private static Map<String, SortedMap<Integer, SortedMap<String, byte[]>>> state(final Object... storePartitionRows) {
        final Map<String, SortedMap<Integer, SortedMap<String, byte[]>>> state = new LinkedHashMap<>();
        for (int i = 0; i < storePartitionRows.length; i += 3) {
            final String[] rows = (String[]) storePartitionRows[i + 2];
            final SortedMap<String, byte[]> sorted = new TreeMap<>();
            for (int r = 0; r < rows.length; r += 2) {
                sorted.put(rows[r], bytes(rows[r + 1]));
            }
            state.computeIfAbsent((String) storePartitionRows[i], name -> new TreeMap<>()).put((Integer) storePartitionRows[i + 1], sorted);
        }
        return state;
    }

    private static StudentChecksum digest(final Object... storePartitionRows) {
        return StudentChecksum.digest(state(storePartitionRows));
    }

    @Test
    void countsRowsAndPartitionsAndPrintsTheDigest() {
        final StudentChecksum checksum = digest(StudentStores.ITEMS, 0, new String[] {"i1", "a", "i2", "b"},
            StudentStores.USERS, 0, new String[] {"u1", "x"}, StudentStores.ITEMS, 1, new String[] {"i1", "c"});
        assertThat(checksum.items()).isEqualTo(3);
        assertThat(checksum.users()).isEqualTo(1);
        assertThat(checksum.partitions()).isEqualTo(2);
        assertThat(checksum.sha256()).hasSize(64).matches("[0-9a-f]+");
        assertThat(checksum).hasToString("sha256:" + checksum.sha256() + " items=3 users=1 partitions=2");
    }

    @Test
    void theSameStateGivesTheSameDigestWhateverTheOrderItWasReadIn() {
        final StudentChecksum a = digest(StudentStores.ITEMS, 0, new String[] {"i1", "a", "i2", "b"},
            StudentStores.USERS, 0, new String[] {"u1", "x", "u2", "y"});
        final StudentChecksum b = digest(StudentStores.USERS, 0, new String[] {"u2", "y", "u1", "x"},
            StudentStores.ITEMS, 0, new String[] {"i2", "b", "i1", "a"});
        assertThat(b).isEqualTo(a);
    }

    @Test
    void emptyPartitionsAndOtherStoresDoNotCount() {
        final StudentChecksum a = digest(StudentStores.ITEMS, 0, new String[] {"i1", "a"});
        final StudentChecksum b = digest(StudentStores.ITEMS, 0, new String[] {"i1", "a"}, StudentStores.ITEMS, 3, new String[] {},
            StudentStores.USERS, 1, new String[] {}, StudentStores.META, 0, new String[] {"counters", "1"});
        assertThat(b).isEqualTo(a);
        assertThat(digest()).isEqualTo(digest(StudentStores.USERS, 0, new String[] {}));
    }

    @Test
    void anyDifferenceInTheLearnableStateChangesTheDigest() {
        final StudentChecksum base = digest(StudentStores.ITEMS, 0, new String[] {"i1", "ab", "i2", "c"},
            StudentStores.USERS, 0, new String[] {"u1", "x"});
        final StudentChecksum[] variants = {
            digest(StudentStores.ITEMS, 0, new String[] {"i1", "ab", "i2", "d"}, StudentStores.USERS, 0, new String[] {"u1", "x"}),
            digest(StudentStores.ITEMS, 0, new String[] {"i1", "ab", "i3", "c"}, StudentStores.USERS, 0, new String[] {"u1", "x"}),
            // the same bytes split differently between key and value
            digest(StudentStores.ITEMS, 0, new String[] {"i1a", "b", "i2", "c"}, StudentStores.USERS, 0, new String[] {"u1", "x"}),
            // a row moved to another task
            digest(StudentStores.ITEMS, 0, new String[] {"i1", "ab"}, StudentStores.ITEMS, 1, new String[] {"i2", "c"},
                StudentStores.USERS, 0, new String[] {"u1", "x"}),
            // an item row that is a user row instead
            digest(StudentStores.ITEMS, 0, new String[] {"i1", "ab"}, StudentStores.USERS, 0, new String[] {"i2", "c", "u1", "x"}),
            digest(StudentStores.ITEMS, 0, new String[] {"i1", "ab", "i2", "c"}),
        };
        for (final StudentChecksum variant : variants) {
            assertThat(variant.sha256()).isNotEqualTo(base.sha256());
        }
    }
}
