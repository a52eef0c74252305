package io.distill.app.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4, for tests (a copy of runtime's: runtime has no test-jar).
 * Every line must be a comment, a HELP or TYPE line or a sample; HELP/TYPE at most once per family and before its samples; a family's samples contiguous;
 * escapes only those the format defines; values parseable. Throws {@link AssertionError} naming the line.
 */
final class ExpositionFormat {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** What a text holds: samples in order, and the TYPE and HELP of each family. */
    record Parsed(List<Sample> samples, Map<String, String> types, Map<String, String> help) {
        List<Sample> named(final String name) {
            return samples.stream().filter(s -> s.name().equals(name)).toList();
        }
    }

    private ExpositionFormat() {
    }

    static Parsed parse(final String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("the last line must end with a line feed");
        }
        final List<Sample> samples = new ArrayList<>();
        final Map<String, String> types = new HashMap<>();
        final Map<String, String> help = new HashMap<>();
        final Set<String> finished = new HashSet<>();
        final Set<String> series = new HashSet<>();
        final Set<String> sampled = new HashSet<>();
        String current = null;
        int number = 0;
        for (final String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            try {
                final String family;
                if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                    final String[] parts = line.substring(7).split(" ", 2);
                    family = parts[0];
                    check(NAME.matcher(family).matches(), "bad metric name " + family);
                    check(parts.length == 2, "missing text");
                    if (line.startsWith("# HELP ")) {
                        check(help.put(family, unescape(parts[1], false)) == null, "second HELP for " + family);
                    } else {
                        check(TYPES.contains(parts[1]), "unknown type " + parts[1]);
                        check(types.put(family, parts[1]) == null, "second TYPE for " + family);
                    }
                    check(!sampled.contains(family), "HELP/TYPE after samples of " + family);
                } else if (line.startsWith("#")) {
                    continue;
                } else {
                    final Sample sample = sample(line);
                    family = familyOf(sample.name(), types);
                    sampled.add(family);
                    check(series.add(sample.name() + sample.labels()), "duplicate series " + sample.name() + sample.labels());
                    samples.add(sample);
                }
                if (!family.equals(current)) {
                    check(!finished.contains(family), "family " + family + " is not contiguous");
                    if (current != null) {
                        finished.add(current);
                    }
                    current = family;
                }
            } catch (final AssertionError | RuntimeException e) {
                throw new AssertionError("line " + number + " is not valid exposition format: '" + line + "': " + e.getMessage(), e);
            }
        }
        return new Parsed(samples, types, help);
    }

    /** A sample's family: its name, or the name without a histogram/summary suffix when that family is typed so. */
    private static String familyOf(final String name, final Map<String, String> types) {
        for (final String suffix : List.of("_bucket", "_sum", "_count")) {
            if (name.endsWith(suffix)) {
                final String base = name.substring(0, name.length() - suffix.length());
                final String type = types.get(base);
                if ("histogram".equals(type) || "summary".equals(type)) {
                    return base;
                }
            }
        }
        return name;
    }

    private static Sample sample(final String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        final String name = line.substring(0, i);
        check(NAME.matcher(name).matches(), "bad metric name " + name);
        final Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                final int eq = line.indexOf('=', i);
                final String label = line.substring(i, eq);
                check(LABEL.matcher(label).matches(), "bad label name " + label);
                check(line.charAt(eq + 1) == '"', "label value must be quoted");
                final StringBuilder value = new StringBuilder();
                int j = eq + 2;
                while (line.charAt(j) != '"') {
                    final char c = line.charAt(j);
                    if (c == '\\') {
                        final char next = line.charAt(j + 1);
                        check(next == '\\' || next == '"' || next == 'n', "bad escape \\" + next);
                        value.append(next == 'n' ? '\n' : next);
                        j += 2;
                    } else {
                        value.append(c);
                        j++;
                    }
                }
                check(labels.put(label, value.toString()) == null, "label " + label + " twice");
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                } else {
                    check(line.charAt(i) == '}', "expected , or }");
                }
            }
            i++;
        }
        check(i < line.length() && line.charAt(i) == ' ', "expected a space before the value");
        final String[] rest = line.substring(i + 1).split(" ");
        check(rest.length == 1 || rest.length == 2, "expected a value and an optional timestamp");
        if (rest.length == 2) {
            Long.parseLong(rest[1]);
        }
        return new Sample(name, labels, value(rest[0]));
    }

    private static double value(final String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                check(!text.contains("Infinity") && !text.contains("NaN"), "Java spelling of a special value: " + text);
                yield Double.parseDouble(text);
            }
        };
    }

    private static String unescape(final String text, final boolean quotes) {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == '\\') {
                final char next = text.charAt(++i);
                check(next == '\\' || next == 'n' || quotes && next == '"', "bad escape \\" + next);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void check(final boolean condition, final String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
