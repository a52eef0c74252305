package io.distill.student.stream;

/**
 * Names of the student's state stores. Fixed names, so their changelog topics
 * ({@code <application.id>-<store>-changelog}) keep their names across releases and replays.
 */
public final class StudentStores {
    /** userId → serialised {@link io.distill.student.UserState}. */
    public static final String USERS = "student-users";
    /** itemId → serialised item row of {@link io.distill.student.ItemTable}. */
    public static final String ITEMS = "student-items";
    /** Task-level counters and the open metrics window. */
    public static final String META = "student-meta";

    private StudentStores() {
    }
}
