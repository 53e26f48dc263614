package io.stratum.compute.stats;

/**
 * A table's statistics: its live rows when ANALYZE ran, and per column (by attnum - 1) what the sample showed
 * ({@code null} for a column whose values cannot be compared).
 */
public record TableStats(double rows, ColumnStats[] columns) {
    /** The column's statistics, or null. */
    public ColumnStats column(final int index) {
        return index >= 0 && index < columns.length ? columns[index] : null;
    }
}
