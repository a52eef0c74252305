package io.distill.teacher;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fitted EASE model (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): an
 * item-item weight matrix B with zero diagonal, so a user's scores are their interaction row times B.
 *
 * @param version           written into soft labels; names the events the fit saw
 * @param itemIds           external item id of each model column, most frequent item first
 * @param catalogueToColumn teacher-catalogue index → model column (-1 when capped out)
 * @param weights           B, float, columns × columns, row-major
 * @param coldLogits        logits for a user with no history: standardised log item counts
 * @param provenance        how the model was fitted
 */
public record EaseModel(String version, String[] itemIds, int[] catalogueToColumn, INDArray weights, float[] coldLogits,
                        Provenance provenance) implements TeacherModel {

    /**
     * How a model was fitted: on the first {@code events} events of the log, over {@code users} users,
     * with L2 weight {@code lambda}, keeping the {@code columns} most frequent of {@code catalogueSize}
     * items; the fit took {@code fitMillis}.
     */
    public record Provenance(long events, int users, int catalogueSize, int columns, double lambda, CellTransform transform,
                             long fitMillis) {
    }

    @Override
    public int columns() {
        return itemIds.length;
    }

    @Override
    public String itemId(final int column) {
        return itemIds[column];
    }

    @Override
    public int columnOf(final int catalogueIndex) {
        return catalogueIndex < catalogueToColumn.length ? catalogueToColumn[catalogueIndex] : -1;
    }

    /** Parameters: the dense item-item matrix. */
    public long parameterCount() {
        return (long) columns() * columns();
    }
}
