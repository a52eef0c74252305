package io.distill.app.faults;

import io.distill.datasets.SyntheticParams;

/** The synthetic stream every fault test uses: the tuned defaults (500 users, 1000 items) at another length. */
final class SyntheticParamsFor {
    private SyntheticParamsFor() {
    }

    static SyntheticParams events(final long events) {
        return SyntheticParams.DEFAULTS.withSize(500, 1000, 20, events);
    }
}
