package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.ArrayValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The array functions and operators as PostgreSQL defines them: subscripts and slices, array_append /
 * prepend / cat (and {@code ||}), array_remove / replace / position(s), containment and overlap, the
 * dimension functions, string_to_array. Values are Object[] (nested for more dimensions, see
 * {@link ArrayValues}); element equality is PostgreSQL's: NULL equals nothing, except where the function
 * uses IS NOT DISTINCT FROM (array_position(s), array_remove, array_replace). Stateless.
 */
public final class ArrayFns {
    private static final Object[] EMPTY = new Object[0];

    private ArrayFns() {
    }

    private static boolean same(final Object a, final Object b) {
        return a == null ? b == null : b != null && Values.compare(a, b) == 0;
    }

    private static SqlException oneDim(final String what) {
        return new SqlException("0A000", what + " in multidimensional arrays is not supported");
    }

    /**
     * {@code a[i]...} (all plain subscripts: an element, NULL unless there is one per dimension and each is
     * in range) or with a slice among them ({@code a[i:j]...}: every subscript a slice, a plain {@code k}
     * meaning {@code 1:k}; bounds clipped to the array; an empty result is {@code {}}). {@code lo[d]} /
     * {@code hi[d]} null where a bound was omitted; {@code anyNull} when a given bound was NULL (result NULL).
     */
    public static Object subscript(final Object[] a, final Integer[] lo, final Integer[] hi, final boolean slice) {
        final int n = lo.length;
        if (!slice) {
            if (n != ArrayValues.ndims(a)) {
                return null;
            }
            Object cur = a;
            for (int d = 0; d < n; d++) {
                final Object[] x = (Object[]) cur;
                final int i = lo[d];
                if (i < 1 || i > x.length) {
                    return null;
                }
                cur = x[i - 1];
            }
            return cur;
        }
        final int nd = ArrayValues.ndims(a);
        if (nd == 0 || n > nd) {
            return EMPTY;
        }
        final Object[] r = slice(a, 0, lo, hi);
        return ArrayValues.cardinality(r) == 0 ? EMPTY : r;
    }

    private static Object[] slice(final Object[] a, final int d, final Integer[] lo, final Integer[] hi) {
        if (d >= lo.length) {
            return a;
        }
        final int from = Math.max(lo[d] == null ? 1 : lo[d], 1);
        final int to = Math.min(hi[d] == null ? a.length : hi[d], a.length);
        if (from > to) {
            return EMPTY;
        }
        final Object[] out = new Object[to - from + 1];
        for (int i = from; i <= to; i++) {
            out[i - from] = a[i - 1] instanceof Object[] && d + 1 < lo.length ? slice((Object[]) a[i - 1], d + 1, lo, hi)
                : a[i - 1];
        }
        for (final Object x : out) {
            if (x instanceof Object[] && ((Object[]) x).length == 0) {
                return EMPTY;
            }
        }
        return out;
    }

    /** array_append: NULL array: a one-element array; multidimensional: 22000. */
    public static Object[] append(final Object[] a, final Object v) {
        if (a == null) {
            return new Object[] {v};
        }
        if (ArrayValues.multi(a)) {
            throw new SqlException("22000", "argument must be empty or one-dimensional array");
        }
        final Object[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = v;
        return out;
    }

    public static Object[] prepend(final Object v, final Object[] a) {
        if (a == null) {
            return new Object[] {v};
        }
        if (ArrayValues.multi(a)) {
            throw new SqlException("22000", "argument must be empty or one-dimensional array");
        }
        final Object[] out = new Object[a.length + 1];
        out[0] = v;
        System.arraycopy(a, 0, out, 1, a.length);
        return out;
    }

    /** array_cat / array || array: NULL or empty sides give the other; n-D with (n-1)-D appends or prepends. */
    public static Object[] cat(final Object[] a, final Object[] b) {
        if (a == null || a.length == 0) {
            return b == null ? a : b;
        }
        if (b == null || b.length == 0) {
            return a;
        }
        final int[] da = ArrayValues.dims(a);
        final int[] db = ArrayValues.dims(b);
        if (da.length == db.length) {
            if (!Arrays.equals(Arrays.copyOfRange(da, 1, da.length), Arrays.copyOfRange(db, 1, db.length))) {
                throw incompatible(da, db);
            }
            final Object[] out = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }
        if (da.length == db.length + 1 && Arrays.equals(Arrays.copyOfRange(da, 1, da.length), db)) {
            final Object[] out = Arrays.copyOf(a, a.length + 1);
            out[a.length] = b;
            return out;
        }
        if (db.length == da.length + 1 && Arrays.equals(Arrays.copyOfRange(db, 1, db.length), da)) {
            final Object[] out = new Object[b.length + 1];
            out[0] = a;
            System.arraycopy(b, 0, out, 1, b.length);
            return out;
        }
        throw incompatible(da, db);
    }

    private static SqlException incompatible(final int[] da, final int[] db) {
        final String detail = da.length == db.length
            ? "Arrays with differing element dimensions are not compatible for concatenation."
            : Math.abs(da.length - db.length) == 1 ? "Arrays with differing dimensions are not compatible for concatenation."
            : "Arrays of " + da.length + " and " + db.length + " dimensions are not compatible for concatenation.";
        return new SqlException("2202E", "cannot concatenate incompatible arrays", detail, null, 0, null);
    }

    /** array_remove (IS NOT DISTINCT FROM). */
    public static Object[] remove(final Object[] a, final Object v) {
        if (ArrayValues.multi(a)) {
            throw new SqlException("0A000", "removing elements from multidimensional arrays is not supported");
        }
        final List<Object> out = new ArrayList<>(a.length);
        for (final Object x : a) {
            if (!same(x, v)) {
                out.add(x);
            }
        }
        return out.size() == a.length ? a : out.toArray();
    }

    /** array_replace (IS NOT DISTINCT FROM), any number of dimensions. */
    public static Object[] replace(final Object[] a, final Object from, final Object to) {
        final Object[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] instanceof Object[] ? replace((Object[]) out[i], from, to) : same(out[i], from) ? to : out[i];
        }
        return out;
    }

    /** array_position(a, v [, start]) (IS NOT DISTINCT FROM); one dimension only. */
    public static Object position(final Object[] a, final Object v, final Integer start) {
        if (ArrayValues.multi(a)) {
            throw new SqlException("0A000", "searching for elements in multidimensional arrays is not supported");
        }
        for (int k = Math.max(start == null ? 1 : start, 1); k <= a.length; k++) {
            if (same(a[k - 1], v)) {
                return k;
            }
        }
        return null;
    }

    public static Object[] positions(final Object[] a, final Object v) {
        if (ArrayValues.multi(a)) {
            throw new SqlException("0A000", "searching for elements in multidimensional arrays is not supported");
        }
        final List<Object> out = new ArrayList<>();
        for (int k = 0; k < a.length; k++) {
            if (same(a[k], v)) {
                out.add(k + 1);
            }
        }
        return out.toArray();
    }

    /** {@code big @> small}: every non-null... element of small equals one of big (NULL equals nothing). */
    public static boolean contains(final Object[] big, final Object[] small) {
        final Object[] b = ArrayValues.flatten(big);
        for (final Object v : ArrayValues.flatten(small)) {
            if (v == null) {
                return false;
            }
            boolean found = false;
            for (final Object x : b) {
                if (x != null && Values.compare(x, v) == 0) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** {@code a && b}: some element equal in both (NULLs ignored). */
    public static boolean overlaps(final Object[] a, final Object[] b) {
        final Object[] y = ArrayValues.flatten(b);
        for (final Object v : ArrayValues.flatten(a)) {
            if (v == null) {
                continue;
            }
            for (final Object x : y) {
                if (x != null && Values.compare(x, v) == 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** array_length(a, d) / array_upper(a, d): NULL for a dimension the array does not have. */
    public static Object length(final Object[] a, final int dim) {
        final int[] d = ArrayValues.dims(a);
        return dim >= 1 && dim <= d.length ? (Object) d[dim - 1] : null;
    }

    public static Object lower(final Object[] a, final int dim) {
        return dim >= 1 && dim <= ArrayValues.ndims(a) ? (Object) 1 : null;
    }

    /** ARRAY[sub-arrays]: 2202E unless all of one shape; NULL sub-arrays are skipped; all empty: {}. */
    public static Object[] ofArrays(final Object[] subs) {
        final List<Object> out = new ArrayList<>(subs.length);
        int[] shape = null;
        boolean nulls = false;
        for (final Object s : subs) {
            if (s == null) {
                nulls = true;
                continue;
            }
            final int[] d = ArrayValues.dims((Object[]) s);
            if (shape != null && !Arrays.equals(shape, d)) {
                throw new SqlException("2202E", "multidimensional arrays must have array expressions with matching dimensions");
            }
            shape = d;
            out.add(s);
        }
        if (shape == null || shape.length == 0) {
            return EMPTY;
        }
        if (nulls) {
            throw new SqlException("2202E", "multidimensional arrays must have array expressions with matching dimensions");
        }
        if (shape.length + 1 > 6) {
            throw new SqlException("54000", "number of array dimensions (" + (shape.length + 1)
                + ") exceeds the maximum allowed (6)");
        }
        return out.toArray();
    }

    /** array_agg's result: with array inputs an array of one more dimension (22004 / 2202E as PostgreSQL). */
    public static Object[] accumulate(final Object[] items, final boolean arrays) {
        if (!arrays) {
            return items;
        }
        int[] shape = null;
        for (final Object s : items) {
            if (s == null) {
                throw new SqlException("22004", "cannot accumulate null arrays");
            }
            final int[] d = ArrayValues.dims((Object[]) s);
            if (d.length == 0) {
                throw new SqlException("2202E", "cannot accumulate empty arrays");
            }
            if (shape != null && !Arrays.equals(shape, d)) {
                throw new SqlException("2202E", "cannot accumulate arrays of different dimensionality");
            }
            shape = d;
        }
        return items;
    }

    /** string_to_array(s, delim [, null]): NULL delim splits into characters, '' keeps the string whole. */
    public static Object[] stringToArray(final String s, final String delim, final String nullString) {
        if (s.isEmpty()) {
            return EMPTY;
        }
        final List<Object> out = new ArrayList<>();
        if (delim == null) {
            for (int i = 0; i < s.length(); i = s.offsetByCodePoints(i, 1)) {
                out.add(s.substring(i, s.offsetByCodePoints(i, 1)));
            }
        } else if (delim.isEmpty()) {
            out.add(s);
        } else {
            int from = 0;
            for (int at = s.indexOf(delim); at >= 0; at = s.indexOf(delim, from)) {
                out.add(s.substring(from, at));
                from = at + delim.length();
            }
            out.add(s.substring(from));
        }
        if (nullString != null) {
            out.replaceAll(x -> nullString.equals(x) ? null : x);
        }
        return out.toArray();
    }

    /** Subscripts and slices as one expression over the array and its bounds ({@code a[i][j]}, {@code a[1:2]}). */
    public static final class Subscript extends Expr {
        private final Expr base;
        private final Expr[] lo;
        private final Expr[] hi;
        private final boolean[] sliced;
        private final boolean slice;
        private final Integer[] los;
        private final Integer[] his;

        /**
         * {@code lo[d]} / {@code hi[d]} null where omitted; {@code sliced[d]} whether subscript d was written
         * with a colon. The result is an element unless some subscript is a slice.
         */
        public Subscript(final io.stratum.compute.types.PgType type, final Expr base, final Expr[] lo, final Expr[] hi,
                         final boolean[] sliced) {
            super(type);
            this.base = base;
            this.lo = lo;
            this.hi = hi;
            this.sliced = sliced;
            boolean any = false;
            for (final boolean b : sliced) {
                any |= b;
            }
            slice = any;
            los = new Integer[lo.length];
            his = new Integer[lo.length];
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            final Object a = base.eval(row, cx);
            // the bounds' scratch is per expression: evaluation is confined to the statement's thread
            for (int d = 0; d < lo.length; d++) {
                Object l = lo[d] == null ? null : lo[d].eval(row, cx);
                Object h = hi[d] == null ? null : hi[d].eval(row, cx);
                if (lo[d] != null && l == null || hi[d] != null && h == null) {
                    return null;
                }
                if (slice && !sliced[d]) {
                    // a plain subscript among slices means 1:k
                    h = l;
                    l = 1;
                }
                los[d] = l == null ? null : ((Number) l).intValue();
                his[d] = h == null ? null : ((Number) h).intValue();
            }
            return a == null ? null : subscript((Object[]) a, los, his, slice);
        }

        @Override
        public String explain() {
            return base.explain() + "[...]";
        }
    }
}
