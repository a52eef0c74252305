package io.distill.teacher;

/**
 * The interaction log frozen at one moment, in compressed-sparse-row form: row r holds the cells
 * {@code columns[rowStart[r] .. rowStart[r+1])} with their accumulated weights. Rows are users in order of
 * first appearance; columns are teacher catalogue indices.
 *
 * <p>With sequences, row r's events in order are {@code eventItems[eventStart[r] .. eventStart[r+1])} with
 * their weights; without, both arrays are empty. Arrays are owned by the snapshot and never modified
 * after construction.
 */
public record LogSnapshot(long events, String[] itemIds, float[] itemCounts, int[] rowStart, int[] columns, float[] values,
                          int[] eventStart, int[] eventItems, float[] eventWeights) {

    public boolean hasSequences() {
        return eventStart.length > 0;
    }

    public int rows() {
        return rowStart.length - 1;
    }

    public int nonZeros() {
        return columns.length;
    }
}
