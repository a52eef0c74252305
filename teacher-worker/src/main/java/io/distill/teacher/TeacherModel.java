package io.distill.teacher;

/**
 * A teacher model in force: the catalogue it can rank (model columns) and how to score users over it.
 * Immutable once built, so the labelling thread can use it while the next one is being fitted.
 */
public sealed interface TeacherModel permits EaseModel, PopularityModel {

    /** Version written into every soft label this model produces. */
    String version();

    /** Width of the catalogue this model ranks. */
    int columns();

    /** External item id of model column {@code column}. */
    String itemId(int column);

    /** Model column of the item with teacher-catalogue index {@code catalogueIndex}, or -1 if it is not ranked. */
    int columnOf(int catalogueIndex);
}
