package io.distill.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static <T> String appended(final BiConsumer<StringBuilder, T> append, final T value) {
        final StringBuilder out = new StringBuilder();
        append.accept(out, value);
        return out.toString();
    }

    @Test
    void metricNamesKeepLettersDigitsUnderscoresAndColonsAndReplaceTheRest() {
        assertThat(PrometheusText.sanitizeMetricName("kafka_stream-thread-metrics_process-total"))
            .isEqualTo("kafka_stream_thread_metrics_process_total");
        assertThat(PrometheusText.sanitizeMetricName("a.b:c d")).isEqualTo("a_b:c_d");
        assertThat(PrometheusText.sanitizeMetricName("h\u00e9llo")).isEqualTo("h_llo");
        assertThat(PrometheusText.sanitizeMetricName("9lives")).isEqualTo("_9lives");
        assertThat(PrometheusText.sanitizeMetricName("")).isEqualTo("_");
        assertThat(PrometheusText.sanitizeMetricName("already_valid:name")).isEqualTo("already_valid:name");
    }

    @Test
    void labelNamesHaveNoColonsAndNeverStartWithTheReservedDoubleUnderscore() {
        assertThat(PrometheusText.sanitizeLabelName("client-id")).isEqualTo("client_id");
        assertThat(PrometheusText.sanitizeLabelName("a:b")).isEqualTo("a_b");
        assertThat(PrometheusText.sanitizeLabelName("1st")).isEqualTo("_1st");
        assertThat(PrometheusText.sanitizeLabelName("__name__")).isEqualTo("tag__name__");
        assertThat(PrometheusText.sanitizeLabelName("--x")).isEqualTo("tag__x");
    }

    @Test
    void validNamesAreRecognised() {
        assertThat(PrometheusText.isValidMetricName("jvm_memory_used_bytes")).isTrue();
        assertThat(PrometheusText.isValidMetricName("ns:rule_total")).isTrue();
        assertThat(PrometheusText.isValidMetricName("1abc")).isFalse();
        assertThat(PrometheusText.isValidMetricName("a-b")).isFalse();
        assertThat(PrometheusText.isValidMetricName("")).isFalse();
        assertThat(PrometheusText.isValidMetricName(null)).isFalse();
        assertThat(PrometheusText.isValidLabelName("thread_id")).isTrue();
        assertThat(PrometheusText.isValidLabelName("a:b")).isFalse();
        assertThat(PrometheusText.isValidLabelName("__reserved")).isFalse();
        assertThat(PrometheusText.isValidLabelName("9")).isFalse();
    }

    @Test
    void labelValuesEscapeBackslashQuoteAndLineFeedOnly() {
        assertThat(appended(PrometheusText::appendLabelValue, "a\"b\\c\nd\te \u00e9"))
            .isEqualTo("a\\\"b\\\\c\\nd\te \u00e9");
    }

    @Test
    void helpEscapesBackslashAndLineFeedButNotQuotes() {
        assertThat(appended(PrometheusText::appendHelp, "C:\\dir\nsecond \"line\""))
            .isEqualTo("C:\\\\dir\\nsecond \"line\"");
    }

    @Test
    void valuesUseThePrometheusSpellingOfSpecialValuesAndIntegersWithoutFraction() {
        assertThat(appended(PrometheusText::appendValue, Double.NaN)).isEqualTo("NaN");
        assertThat(appended(PrometheusText::appendValue, Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(appended(PrometheusText::appendValue, Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(appended(PrometheusText::appendValue, 42.0)).isEqualTo("42");
        assertThat(appended(PrometheusText::appendValue, -7.0)).isEqualTo("-7");
        assertThat(appended(PrometheusText::appendValue, -0.0)).isEqualTo("0");
        assertThat(appended(PrometheusText::appendValue, 0.25)).isEqualTo("0.25");
        assertThat(appended(PrometheusText::appendValue, 1e-7)).isEqualTo("1.0E-7");
        assertThat(appended(PrometheusText::appendValue, 1_795_514_755.151)).isEqualTo("1795514755.151");
        assertThat(appended(PrometheusText::appendValue, 0.001)).isEqualTo("0.001");
        assertThat(appended(PrometheusText::appendValue, -12_345_678.5)).isEqualTo("-12345678.5");
        assertThat(appended(PrometheusText::appendValue, 1.5e300)).isEqualTo("1.5E300");
        assertThat(appended(PrometheusText::appendValue, 0x1p53)).isEqualTo("9.007199254740992E15");
        assertThat(Double.parseDouble(appended(PrometheusText::appendValue, 123_456_789.125))).isEqualTo(123_456_789.125);
    }
}
