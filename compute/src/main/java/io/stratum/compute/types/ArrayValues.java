package io.stratum.compute.types;

import java.util.ArrayList;
import java.util.List;

/**
 * Shapes of array values. A one-dimensional array is an Object[] of elements; an n-dimensional one an
 * Object[] of (n-1)-dimensional sub-arrays, all of one shape (lower bounds are always 1). The empty array
 * has no dimensions. Stateless.
 */
public final class ArrayValues {
    private ArrayValues() {
    }

    /** Whether {@code a} has more than one dimension. */
    public static boolean multi(final Object[] a) {
        return a.length > 0 && a[0] instanceof Object[];
    }

    /** The length of every dimension (empty for the empty array). */
    public static int[] dims(final Object[] a) {
        if (a.length == 0) {
            return new int[0];
        }
        int n = 1;
        for (Object x = a[0]; x instanceof Object[] && ((Object[]) x).length > 0; x = ((Object[]) x)[0]) {
            n++;
        }
        final int[] d = new int[n];
        Object[] cur = a;
        for (int i = 0; i < n; i++) {
            d[i] = cur.length;
            if (i + 1 < n) {
                cur = (Object[]) cur[0];
            }
        }
        return d;
    }

    /** The number of dimensions (array_ndims; 0 for the empty array). */
    public static int ndims(final Object[] a) {
        return dims(a).length;
    }

    /** The number of elements (cardinality). */
    public static int cardinality(final Object[] a) {
        if (!multi(a)) {
            return a.length;
        }
        int n = 0;
        for (final Object x : a) {
            n += cardinality((Object[]) x);
        }
        return n;
    }

    /** The elements in storage (row-major) order. */
    public static Object[] flatten(final Object[] a) {
        if (!multi(a)) {
            return a;
        }
        final List<Object> out = new ArrayList<>();
        flattenInto(a, out);
        return out.toArray();
    }

    private static void flattenInto(final Object[] a, final List<Object> out) {
        for (final Object x : a) {
            if (x instanceof Object[]) {
                flattenInto((Object[]) x, out);
            } else {
                out.add(x);
            }
        }
    }

    /** {@code flat} (row-major) shaped as {@code dims}. */
    public static Object[] reshape(final Object[] flat, final int[] dims) {
        return reshape(flat, dims, 0, new int[] {0});
    }

    private static Object[] reshape(final Object[] flat, final int[] dims, final int d, final int[] next) {
        final Object[] out = new Object[dims[d]];
        for (int i = 0; i < out.length; i++) {
            out[i] = d + 1 < dims.length ? reshape(flat, dims, d + 1, next) : flat[next[0]++];
        }
        return out;
    }

    /** array_dims: {@code [1:2][1:3]}, null for the empty array. */
    public static String dimsText(final Object[] a) {
        final int[] d = dims(a);
        if (d.length == 0) {
            return null;
        }
        final StringBuilder sb = new StringBuilder();
        for (final int x : d) {
            sb.append("[1:").append(x).append(']');
        }
        return sb.toString();
    }
}
