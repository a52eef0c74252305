package io.distill.student.stream;

import java.util.List;

/**
 * Names of the student's state stores and of the keys of its meta store. Fixed names, so their changelog topics
 * ({@code <application.id>-<store>-changelog}) keep their names across releases and replays.
 */
public final class StudentStores {
    /** userId → serialised {@link io.distill.student.UserState}. */
    public static final String USERS = "student-users";
    /** itemId → serialised item row of {@link io.distill.student.ItemTable}. */
    public static final String ITEMS = "student-items";
    /** Task-level counters and the open metrics window. */
    public static final String META = "student-meta";

    /** Meta-store key of the labels the task has consumed, an 8-byte big-endian long. */
    public static final String META_COUNTERS = "counters";
    /** Meta-store key of the task's open metrics window ({@link io.distill.student.MetricsWindow#toBytes()}). */
    public static final String META_WINDOW = "window";

    /** The stores that hold learnable state: what the student's checksum covers. */
    public static final List<String> LEARNABLE = List.of(ITEMS, USERS);

    private StudentStores() {
    }

    /** The changelog topic of {@code store} under {@code applicationId}, as Kafka Streams names it. */
    public static String changelogTopic(final String applicationId, final String store) {
        return applicationId + "-" + store + "-changelog";
    }
}
