package io.stratum.compute.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Builds {@link TableStats} from every live row of a table, as PostgreSQL's ANALYZE does from its sample:
 * the row count is exact, the rest comes from a reservoir sample of {@value #SAMPLE} rows (fixed seed, so
 * the same table gives the same statistics): null fraction, distinct values by Haas and Stokes' estimator
 * (PostgreSQL's), up to {@value #TARGET} most common values (those seen more than once and more often than
 * average) and a {@value #TARGET}-bucket equi-depth histogram of the rest. Feed rows with {@link #add},
 * then call {@link #finish}. Not thread-safe. Threads: none.
 */
public final class Analyzer {
    static final int SAMPLE = 30_000;
    static final int TARGET = 100;

    private final int width;
    private final Comparator<Object> order;
    private final Object[][] sample = new Object[SAMPLE][];
    private final Random random = new Random(20261201);
    private long rows;

    /**
     * @param width the table's column count
     * @param order a total order over non-NULL values of one column (values of different columns never meet)
     */
    public Analyzer(final int width, final Comparator<Object> order) {
        this.width = width;
        this.order = order;
    }

    /** One live row (the array is copied when it enters the sample). */
    public void add(final Object[] row) {
        rows++;
        if (rows <= SAMPLE) {
            sample[(int) rows - 1] = Arrays.copyOf(row, width);
        } else {
            final long k = (long) (random.nextDouble() * rows);
            if (k < SAMPLE) {
                sample[(int) k] = Arrays.copyOf(row, width);
            }
        }
    }

    public TableStats finish() {
        final int n = (int) Math.min(rows, SAMPLE);
        final ColumnStats[] cols = new ColumnStats[width];
        for (int c = 0; c < width; c++) {
            cols[c] = column(c, n);
        }
        return new TableStats(rows, cols);
    }

    private ColumnStats column(final int c, final int n) {
        final List<Object> values = new ArrayList<>(n);
        int nulls = 0;
        for (int i = 0; i < n; i++) {
            final Object v = sample[i][c];
            if (v == null) {
                nulls++;
            } else {
                values.add(v);
            }
        }
        if (n == 0) {
            return new ColumnStats(0, 0, new Object[0], new double[0], new Object[0]);
        }
        try {
            values.sort(order);
        } catch (final RuntimeException notComparable) {
            return null;
        }
        // runs of equal values: (value, count)
        final List<Object> distinctValues = new ArrayList<>();
        final List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < values.size(); ) {
            int j = i + 1;
            while (j < values.size() && order.compare(values.get(i), values.get(j)) == 0) {
                j++;
            }
            distinctValues.add(values.get(i));
            counts.add(j - i);
            i = j;
        }
        final int d = distinctValues.size();
        int once = 0;
        for (final int k : counts) {
            once += k == 1 ? 1 : 0;
        }
        final double total = rows;
        final double nonNull = values.size();
        double distinct;
        if (n >= rows) {
            distinct = d; // the whole table was read
        } else if (once == d) {
            distinct = total * (nonNull / n); // every value unique in the sample: assume unique
        } else {
            // Haas-Stokes Duj1: n*d / (n - f1 + f1*n/N), over the non-NULL sample
            final double sn = nonNull;
            distinct = sn * d / (sn - once + once * sn / (total * nonNull / n));
            distinct = Math.max(d, Math.min(distinct, total * nonNull / n));
        }
        // most common values: seen more than once and more often than the average value
        final Integer[] idx = new Integer[d];
        for (int i = 0; i < d; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Integer.compare(counts.get(b), counts.get(a)));
        final double avg = nonNull / Math.max(1, d);
        final List<Integer> mcvIdx = new ArrayList<>();
        for (final Integer i : idx) {
            if (mcvIdx.size() >= TARGET || counts.get(i) < 2 || (d > TARGET && counts.get(i) <= avg * 1.25)) {
                break;
            }
            mcvIdx.add(i);
        }
        if (d <= TARGET && mcvIdx.size() < d && once == 0) {
            mcvIdx.clear(); // every value is common: keep them all
            Arrays.stream(idx).forEach(mcvIdx::add);
        }
        final Object[] mcv = new Object[mcvIdx.size()];
        final double[] freq = new double[mcvIdx.size()];
        final boolean[] isMcv = new boolean[d];
        for (int k = 0; k < mcv.length; k++) {
            mcv[k] = distinctValues.get(mcvIdx.get(k));
            freq[k] = counts.get(mcvIdx.get(k)) / (double) n;
            isMcv[mcvIdx.get(k)] = true;
        }
        // histogram over the rest
        final List<Object> rest = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            if (!isMcv[i]) {
                for (int k = 0; k < counts.get(i); k++) {
                    rest.add(distinctValues.get(i));
                }
            }
        }
        Object[] hist = new Object[0];
        if (rest.size() >= 2) {
            final int buckets = Math.min(TARGET, rest.size() - 1);
            hist = new Object[buckets + 1];
            for (int b = 0; b <= buckets; b++) {
                hist[b] = rest.get((int) ((long) b * (rest.size() - 1) / buckets));
            }
        }
        return new ColumnStats(nulls / (double) n, distinct, mcv, freq, hist);
    }

    /** The number of rows added so far. */
    public long rows() {
        return rows;
    }
}
