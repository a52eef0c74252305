package io.distill.teacher.worker;

import static io.distill.teacher.worker.TeacherWorker.State.CREATED;
import static io.distill.teacher.worker.TeacherWorker.State.FAILED;
import static io.distill.teacher.worker.TeacherWorker.State.FENCED;
import static io.distill.teacher.worker.TeacherWorker.State.REBUILDING;
import static io.distill.teacher.worker.TeacherWorker.State.RUNNING;
import static io.distill.teacher.worker.TeacherWorker.State.STARTING;
import static io.distill.teacher.worker.TeacherWorker.State.STOPPED;
import static io.distill.teacher.worker.TeacherWorker.State.STOPPING;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TeacherWorkerStateTest {

    @Test
    void lifecycleTransitions() {
        assertThat(CREATED.canMoveTo(STARTING)).isTrue();
        assertThat(STARTING.canMoveTo(REBUILDING)).isTrue();
        assertThat(REBUILDING.canMoveTo(RUNNING)).isTrue();
        assertThat(RUNNING.canMoveTo(REBUILDING)).isTrue();
        assertThat(CREATED.canMoveTo(RUNNING)).isFalse();
        assertThat(STARTING.canMoveTo(RUNNING)).as("never labels without a rebuilt teacher").isFalse();
        for (final TeacherWorker.State state : EnumSet.of(CREATED, STARTING, REBUILDING, RUNNING)) {
            assertThat(state.canMoveTo(STOPPING)).as("%s -> STOPPING", state).isTrue();
            assertThat(state.canMoveTo(STOPPED)).as("%s stops only through STOPPING", state).isFalse();
        }
        assertThat(EnumSet.allOf(TeacherWorker.State.class)).filteredOn(STOPPING::canMoveTo).containsExactlyInAnyOrder(STOPPED, FENCED, FAILED);
        for (final TeacherWorker.State terminal : EnumSet.of(STOPPED, FENCED, FAILED)) {
            assertThat(terminal.isTerminal()).isTrue();
            assertThat(EnumSet.allOf(TeacherWorker.State.class)).noneMatch(terminal::canMoveTo);
        }
    }

    @Test
    void aWorkerClosedBeforeRunningStopsWithoutConnecting() {
        final TeacherWorker worker = new TeacherWorker(new TeacherConfig(Map.of("bootstrap.servers", "127.0.0.1:1",
            "schema.registry.url", "http://127.0.0.1:1", TeacherConfig.TRANSACTIONAL_ID, "never-run")), WorkerFixtures.CLOCK);
        worker.close(Duration.ofSeconds(1));
        assertThat(worker.state()).isEqualTo(STOPPED);
        worker.run();
        assertThat(worker.state()).isEqualTo(STOPPED);
        assertThat(worker.metrics().getState()).isEqualTo("STOPPED");
        assertThat(worker.failure()).isEmpty();
    }
}
