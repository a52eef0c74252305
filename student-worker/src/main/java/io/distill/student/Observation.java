package io.distill.student;

/**
 * What one soft label taught and revealed, measured before the update (prequential: test, then train).
 *
 * @param evaluated      the event's item was new to the user, so the event was ranked
 * @param studentRank    0-based rank of the item in the student's full-catalogue ranking (seen items excluded)
 * @param teacherRank    the teacher's rank as written in the soft label; -1 when it could not rank the item
 * @param popularityRank rank under item popularity; -1 for an item never interacted with before
 * @param loss           distillation loss before the update
 * @param agreement      overlap of teacher's and student's top-10 among the candidates, NaN when not measured
 */
public record Observation(boolean evaluated, int studentRank, int teacherRank, int popularityRank, double loss,
                          double agreement) {
}
