package io.distill.app.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Progress of a long operation on stderr: done/total, percentage, rate and ETA.
 *
 * <p>On a terminal ({@code interactive}) one line is redrawn in place with {@code \r}, at most every
 * {@link Builder#redrawEvery}; elsewhere (a log file, CI) a plain line is printed every {@link Builder#logEvery}
 * instead, so logs do not fill with carriage returns. {@link #finish()} prints the final state once. Without a
 * known total it shows the count, rate and elapsed time only.
 *
 * <pre>{@code
 * ProgressBar bar = ProgressBar.builder(context.err(), "produce").unit("events").total(50_000)
 *     .interactive(context.interactiveErr()).clock(context.clock()).build();
 * for (...) { ...; bar.update(++done); }
 * bar.finish();
 * }</pre>
 *
 * <p>Rates and ETAs are averages from the first {@link #update} on, so the time spent setting up before the first
 * unit of work (connecting, opening files) does not drag them down; for the first {@value #MIN_RATE_WINDOW_MS} ms
 * they are shown as unknown. Elapsed time counts from {@link Builder#build()}. {@link #update} costs a clock read
 * and two comparisons unless a redraw is due, so it may be called per event. Thread-safe.
 */
public final class ProgressBar {
    private static final int BAR_WIDTH = 24;
    /** Below this much measured time a rate is noise. */
    static final long MIN_RATE_WINDOW_MS = 500;

    private final PrintWriter out;
    private final String label;
    private final String unit;
    private final boolean interactive;
    private final Clock clock;
    private final long intervalMillis;
    private final long startMillis;
    private long total;
    private long done;
    private long rateOriginMillis = -1;
    private long rateOriginDone;
    private long lastDrawMillis;
    private int lastWidth;
    private boolean finished;

    private ProgressBar(final Builder builder) {
        this.out = builder.out;
        this.label = builder.label;
        this.unit = builder.unit;
        this.interactive = builder.interactive;
        this.clock = builder.clock;
        this.intervalMillis = (interactive ? builder.redrawEvery : builder.logEvery).toMillis();
        this.total = builder.total;
        this.startMillis = clock.millis();
        this.lastDrawMillis = startMillis;
    }

    /** A builder for a bar labelled {@code label} written to {@code out}. */
    public static Builder builder(final PrintWriter out, final String label) {
        return new Builder(out, label);
    }

    /** Sets the amount done so far (absolute, not an increment); draws if a redraw is due. */
    public synchronized void update(final long doneSoFar) {
        this.done = doneSoFar;
        if (finished) {
            return;
        }
        final long now = clock.millis();
        if (rateOriginMillis < 0) {
            rateOriginMillis = now;
            rateOriginDone = doneSoFar;
        }
        if (now - lastDrawMillis >= intervalMillis) {
            draw(now);
        }
    }

    /** Changes the total, e.g. once a source knows its size; a value below 1 means unknown. */
    public synchronized void total(final long newTotal) {
        this.total = newTotal;
    }

    /** Draws the final state (a line of its own on a terminal). Later updates are ignored; idempotent. */
    public synchronized void finish() {
        if (finished) {
            return;
        }
        finished = true;
        draw(clock.millis());
        if (interactive) {
            out.println();
            out.flush();
        }
    }

    /** The text of the progress line as it would be drawn now, without {@code \r} or padding. */
    public synchronized String line() {
        return render(clock.millis());
    }

    private void draw(final long now) {
        lastDrawMillis = now;
        final String text = render(now);
        if (interactive) {
            // pad over the rest of a longer previous line
            final int pad = Math.max(0, lastWidth - text.length());
            out.print("\r" + text + " ".repeat(pad));
            lastWidth = text.length();
        } else {
            out.println(text);
        }
        out.flush();
    }

    private String render(final long now) {
        final long elapsedMillis = Math.max(0, now - startMillis);
        final double rate = rate(now);
        final StringBuilder text = new StringBuilder(label);
        if (total > 0) {
            final double fraction = Math.min(1.0, (double) done / total);
            if (interactive) {
                text.append(' ').append(bar(fraction));
            } else {
                text.append(':');
            }
            text.append(' ').append(count(done)).append('/').append(count(total)).append(' ').append(unit)
                .append(String.format(Locale.ROOT, " %5.1f%%", fraction * 100.0));
        } else {
            text.append(interactive ? " " : ": ").append(count(done)).append(' ').append(unit);
        }
        text.append(", ").append(Double.isNaN(rate) ? "--" : count(Math.round(rate))).append(' ').append(unit)
            .append("/s");
        if (finished || total <= 0 || done >= total) {
            text.append(", ").append(clockTime(Duration.ofMillis(elapsedMillis))).append(" elapsed");
        } else if (rate > 0) {
            // rounded up: "ETA 0:00" while work remains would be a promise broken
            text.append(", ETA ").append(clockTime(Duration.ofSeconds((long) Math.ceil((total - done) / rate))));
        } else {
            text.append(", ETA --:--");
        }
        return text.toString();
    }

    /** Units per second since the first update; NaN while that is too short to tell. */
    private double rate(final long now) {
        final long window = now - rateOriginMillis;
        if (rateOriginMillis < 0 || window < MIN_RATE_WINDOW_MS) {
            return Double.NaN;
        }
        return (done - rateOriginDone) * 1000.0 / window;
    }

    private static String bar(final double fraction) {
        final int full = (int) Math.floor(fraction * BAR_WIDTH);
        final StringBuilder bar = new StringBuilder("[");
        bar.append("=".repeat(full));
        if (full < BAR_WIDTH) {
            bar.append('>').append(" ".repeat(BAR_WIDTH - full - 1));
        }
        return bar.append(']').toString();
    }

    /** {@code 12,345}. */
    static String count(final long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** {@code 0:07}, {@code 12:34}, {@code 1:02:03}. */
    static String clockTime(final Duration duration) {
        final long seconds = duration.toSeconds();
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    /** Settings of a {@link ProgressBar}; every one but the writer and label has a default. */
    public static final class Builder {
        private final PrintWriter out;
        private final String label;
        private String unit = "items";
        private long total = -1;
        private boolean interactive;
        private Clock clock = Clock.systemUTC();
        private Duration redrawEvery = Duration.ofMillis(200);
        private Duration logEvery = Duration.ofSeconds(5);

        private Builder(final PrintWriter out, final String label) {
            this.out = Objects.requireNonNull(out, "out");
            this.label = Objects.requireNonNull(label, "label");
        }

        /** What is counted, plural ({@code events}); default {@code items}. */
        public Builder unit(final String value) {
            this.unit = Objects.requireNonNull(value, "unit");
            return this;
        }

        /** The amount at completion; below 1 (the default) means unknown. */
        public Builder total(final long value) {
            this.total = value;
            return this;
        }

        /** Redraw one line in place (a terminal) instead of printing lines; default false. */
        public Builder interactive(final boolean value) {
            this.interactive = value;
            return this;
        }

        /** Time source of rates, ETAs and redraw intervals; default the system clock. */
        public Builder clock(final Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Minimum time between redraws on a terminal; default 200 ms. */
        public Builder redrawEvery(final Duration value) {
            this.redrawEvery = Objects.requireNonNull(value, "redrawEvery");
            return this;
        }

        /** Time between printed lines when not on a terminal; default 5 s. */
        public Builder logEvery(final Duration value) {
            this.logEvery = Objects.requireNonNull(value, "logEvery");
            return this;
        }

        /** The bar; its clock starts now. Nothing is drawn until the first due update. */
        public ProgressBar build() {
            return new ProgressBar(this);
        }
    }
}
