package io.distill.app.faults;

import io.distill.app.ingest.IngestApp;
import io.distill.student.stream.StudentMain;
import io.distill.teacher.worker.TeacherMain;
import java.util.Locale;

/** The three workers of the pipeline, each run by a main of its own as a separate process. */
enum WorkerRole {
    INGEST(IngestApp.class.getName(), "-Xmx384m"),
    TEACHER(TeacherMain.class.getName(), "-Xmx512m"),
    STUDENT(StudentMain.class.getName(), "-Xmx384m");

    private final String mainClass;
    private final String heap;

    WorkerRole(final String mainClass, final String heap) {
        this.mainClass = mainClass;
        this.heap = heap;
    }

    String mainClass() {
        return mainClass;
    }

    String heap() {
        return heap;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
