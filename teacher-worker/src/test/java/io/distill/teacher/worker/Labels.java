package io.distill.teacher.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill.avro.SoftLabel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Comparisons of soft labels that ignore when they were written ({@code labelledAt}). */
final class Labels {
    private Labels() {
    }

    /** The label with {@code labelledAt} cleared: what must be identical between two runs. */
    static SoftLabel content(final SoftLabel label) {
        return SoftLabel.newBuilder(label).setLabelledAt(Instant.EPOCH).build();
    }

    /** Labels by source eventId (content only), failing on a duplicate eventId. */
    static Map<String, SoftLabel> byEventId(final List<SoftLabel> labels) {
        return labels.stream().collect(Collectors.toMap(SoftLabel::getEventId, Labels::content, (a, b) -> {
            throw new AssertionError("two labels for event " + a.getEventId());
        }));
    }

    /** Asserts equal contents in the same order, reporting the first label that differs. */
    static void assertSame(final List<SoftLabel> actual, final List<SoftLabel> expected) {
        final int common = Math.min(actual.size(), expected.size());
        for (int i = 0; i < common; i++) {
            final SoftLabel a = content(actual.get(i));
            final SoftLabel e = content(expected.get(i));
            assertThat(a).as("label %d (event %s)", i, e.getEventId()).isEqualTo(e);
        }
        assertThat(actual).as("number of labels").hasSameSizeAs(expected);
    }

    /** Asserts that both maps hold the same events with identical label contents. */
    static void assertSame(final Map<String, SoftLabel> actual, final Map<String, SoftLabel> expected) {
        assertThat(actual.keySet()).as("labelled events").isEqualTo(expected.keySet());
        final Function<String, String> describe = id -> "label of event " + id;
        for (final Map.Entry<String, SoftLabel> entry : expected.entrySet()) {
            assertThat(content(actual.get(entry.getKey()))).as(describe.apply(entry.getKey()))
                .isEqualTo(content(entry.getValue()));
        }
    }
}
