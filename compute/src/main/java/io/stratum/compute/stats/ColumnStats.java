package io.stratum.compute.stats;

/**
 * What ANALYZE learned about one column from its sample, as PostgreSQL's pg_statistic keeps it.
 *
 * @param nullFraction fraction of rows that are NULL
 * @param distinct estimated number of distinct non-NULL values in the whole table
 * @param mcv most common values (sorted by frequency, most common first), may be empty
 * @param mcvFrequency fraction of all rows holding each of {@code mcv}
 * @param histogram equi-depth bounds over the values that are not in {@code mcv}, ascending; may be empty
 */
public record ColumnStats(double nullFraction, double distinct, Object[] mcv, double[] mcvFrequency, Object[] histogram) {
    /** The sum of the MCV frequencies. */
    public double mcvTotal() {
        double s = 0;
        for (final double f : mcvFrequency) {
            s += f;
        }
        return s;
    }
}
