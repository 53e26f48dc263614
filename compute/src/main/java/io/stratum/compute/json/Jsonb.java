package io.stratum.compute.json;

import io.stratum.compute.session.SqlException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One JSON value, immutable: the Java form of jsonb (and, with {@link #raw} source spans and keys in input
 * order, the parsed view of a json text). A jsonb object keeps its keys in PostgreSQL's storage order (shorter
 * UTF-8 key first, then bytewise) with duplicate keys resolved last-wins; numbers are numeric values. Every
 * node knows its nesting depth and an estimate of its text size, so no value deeper than {@link #MAX_DEPTH}
 * or larger than {@link #MAX_BYTES} is ever built and every recursion over a value is bounded.
 * Ordering ({@link #compareTo}) is PostgreSQL's jsonb btree order.
 */
public final class Jsonb implements Comparable<Jsonb> {
    /** Kinds in PostgreSQL's jsonb type order (jbvNull < jbvString < jbvNumeric < jbvBool < array < object). */
    public static final int NULL = 0;
    public static final int STRING = 1;
    public static final int NUMBER = 2;
    public static final int BOOL = 3;
    public static final int ARRAY = 4;
    public static final int OBJECT = 5;
    /** Deepest nesting accepted (PostgreSQL's limit is its stack: 54001 "stack depth limit exceeded"). */
    public static final int MAX_DEPTH = 1000;
    /** Largest value (text bytes, estimated) accepted: 54000 past it, as PostgreSQL's 256 MB jsonb limit. */
    public static final long MAX_BYTES = 64L << 20;

    private static final Jsonb[] NONE = new Jsonb[0];
    private static final String[] NO_KEYS = new String[0];
    public static final Jsonb JNULL = new Jsonb(NULL, null, null, false, null, null, null);
    public static final Jsonb TRUE = new Jsonb(BOOL, null, null, true, null, null, null);
    public static final Jsonb FALSE = new Jsonb(BOOL, null, null, false, null, null, null);

    final int kind;
    final String str;
    final BigDecimal num;
    final boolean bool;
    /** Array elements or object values. */
    final Jsonb[] vals;
    /** Object keys, parallel to vals. */
    final String[] keys;
    /** For a parsed json text: this value's source text exactly as given; null for jsonb. */
    final String raw;
    final int depth;
    final long size;
    /** jsonb_out's text, made once (a benign race: every thread computes the same string). */
    private String text;

    private Jsonb(final int kind, final String str, final BigDecimal num, final boolean bool, final Jsonb[] vals,
                  final String[] keys, final String raw) {
        this.kind = kind;
        this.str = str;
        this.num = num;
        this.bool = bool;
        this.vals = vals == null ? NONE : vals;
        this.keys = keys == null ? NO_KEYS : keys;
        this.raw = raw;
        int d = 0;
        long s = str != null ? str.length() + 2 : num != null ? num.precision() + 2 : 5;
        for (int i = 0; i < this.vals.length; i++) {
            d = Math.max(d, this.vals[i].depth);
            s += this.vals[i].size + 2 + (this.keys.length > 0 ? this.keys[i].length() + 4 : 0);
        }
        this.depth = kind == ARRAY || kind == OBJECT ? d + 1 : 0;
        this.size = s;
        if (depth > MAX_DEPTH) {
            throw tooDeep();
        }
        if (size > MAX_BYTES) {
            throw new SqlException("54000", "total size of jsonb value exceeds the maximum of " + MAX_BYTES + " bytes");
        }
    }

    static SqlException tooDeep() {
        return new SqlException("54001", "stack depth limit exceeded", null, "Increase the configuration parameter "
            + "\"max_stack_depth\" (currently 2048kB), after ensuring the platform's stack depth limit is adequate.", 0, null);
    }

    public static Jsonb string(final String s) {
        return new Jsonb(STRING, s, null, false, null, null, null);
    }

    public static Jsonb number(final BigDecimal n) {
        return new Jsonb(NUMBER, null, n.scale() < 0 ? n.setScale(0) : n, false, null, null, null);
    }

    public static Jsonb bool(final boolean b) {
        return b ? TRUE : FALSE;
    }

    public static Jsonb array(final Jsonb[] elements) {
        return new Jsonb(ARRAY, null, null, false, elements, null, null);
    }

    /** A jsonb object: keys put in storage order, a repeated key keeps its last value. */
    public static Jsonb object(final String[] keys, final Jsonb[] values) {
        final Integer[] idx = new Integer[keys.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        final byte[][] utf8 = new byte[keys.length][];
        for (int i = 0; i < keys.length; i++) {
            utf8[i] = keys[i].getBytes(StandardCharsets.UTF_8);
        }
        // stable sort: equal keys stay in input order, so the last of a run is the last given
        Arrays.sort(idx, (a, b) -> keyOrder(utf8[a], utf8[b]));
        int n = 0;
        final String[] ks = new String[keys.length];
        final Jsonb[] vs = new Jsonb[keys.length];
        for (int i = 0; i < idx.length; i++) {
            if (n > 0 && keys[idx[i]].equals(ks[n - 1])) {
                vs[n - 1] = values[idx[i]];
                continue;
            }
            ks[n] = keys[idx[i]];
            vs[n++] = values[idx[i]];
        }
        return new Jsonb(OBJECT, null, null, false, Arrays.copyOf(vs, n), Arrays.copyOf(ks, n), null);
    }

    /** A node of a parsed json text: keys in input order (duplicates kept), with its source text. */
    static Jsonb withRaw(final Jsonb v, final String raw) {
        return new Jsonb(v.kind, v.str, v.num, v.bool, v.vals, v.keys, raw);
    }

    static Jsonb rawObject(final String[] keys, final Jsonb[] values, final String raw) {
        return new Jsonb(OBJECT, null, null, false, values, keys, raw);
    }

    /** PostgreSQL's jsonb key order: byte length first, then bytes. */
    static int keyOrder(final byte[] a, final byte[] b) {
        return a.length != b.length ? Integer.compare(a.length, b.length) : Arrays.compareUnsigned(a, b);
    }

    /** Rough heap bytes of this value (its nodes and strings), for statement memory accounting. */
    public long memoryEstimate() {
        return 48 + 4 * size;
    }

    public int kind() {
        return kind;
    }

    public int size() {
        return vals.length;
    }

    public Jsonb get(final int i) {
        return vals[i];
    }

    public String key(final int i) {
        return keys[i];
    }

    public String stringValue() {
        return str;
    }

    public BigDecimal numberValue() {
        return num;
    }

    public boolean boolValue() {
        return bool;
    }

    /** The value of key {@code k} in an object (the last one of a json text's duplicates), or null. */
    public Jsonb field(final String k) {
        if (kind != OBJECT) {
            return null;
        }
        for (int i = vals.length - 1; i >= 0; i--) {
            if (keys[i].equals(k)) {
                return vals[i];
            }
        }
        return null;
    }

    /** The array element at {@code i} (negative counts from the end), or null. */
    public Jsonb element(final int i) {
        if (kind != ARRAY) {
            return null;
        }
        final int at = i < 0 ? vals.length + i : i;
        return at >= 0 && at < vals.length ? vals[at] : null;
    }

    /** jsonb_typeof / json_typeof. */
    public String typeName() {
        switch (kind) {
            case OBJECT: return "object";
            case ARRAY: return "array";
            case STRING: return "string";
            case NUMBER: return "number";
            case BOOL: return "boolean";
            default: return "null";
        }
    }

    public boolean isScalar() {
        return kind != ARRAY && kind != OBJECT;
    }

    /** jsonb's text output ({@code {"a": 1, "b": [1, 2]}}); for a json text node, its source text. */
    @Override
    public String toString() {
        if (raw != null) {
            return raw;
        }
        String t = text;
        if (t == null) {
            t = JsonText.format(this);
            text = t;
        }
        return t;
    }

    @Override
    public int compareTo(final Jsonb o) {
        return compare(this, o, true);
    }

    /** compareJsonbContainers: a top-level scalar is a one-element pseudo array (so {@code [] < null}). */
    static int compare(final Jsonb a, final Jsonb b, final boolean top) {
        if (top && (a.isScalar() || b.isScalar())) {
            final int na = a.isScalar() ? 1 : a.kind == ARRAY ? a.vals.length : -1;
            final int nb = b.isScalar() ? 1 : b.kind == ARRAY ? b.vals.length : -1;
            if (na >= 0 && nb >= 0) {
                if (na != nb) {
                    return Integer.compare(na, nb);
                }
                if (a.isScalar() != b.isScalar()) {
                    return a.isScalar() ? -1 : 1;
                }
                return compare(a, b, false);
            }
        }
        if (a.kind != b.kind) {
            return Integer.compare(a.kind, b.kind);
        }
        switch (a.kind) {
            case NULL: return 0;
            case STRING: return compareText(a.str, b.str);
            case NUMBER: return a.num.compareTo(b.num);
            case BOOL: return Boolean.compare(a.bool, b.bool);
            default: {
                if (a.vals.length != b.vals.length) {
                    return Integer.compare(a.vals.length, b.vals.length);
                }
                for (int i = 0; i < a.vals.length; i++) {
                    if (a.kind == OBJECT) {
                        final int c = compareText(a.keys[i], b.keys[i]);
                        if (c != 0) {
                            return c;
                        }
                    }
                    final int c = compare(a.vals[i], b.vals[i], false);
                    if (c != 0) {
                        return c;
                    }
                }
                return 0;
            }
        }
    }

    /** Strings as the C.UTF-8 collation orders them: by code point. */
    static int compareText(final String a, final String b) {
        final int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            final char x = a.charAt(i);
            final char y = b.charAt(i);
            if (x != y) {
                final boolean sx = Character.isSurrogate(x);
                final boolean sy = Character.isSurrogate(y);
                return sx == sy ? Character.compare(x, y) : sx ? 1 : -1;
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Jsonb && compare(this, (Jsonb) o, true) == 0;
    }

    @Override
    public int hashCode() {
        switch (kind) {
            case STRING: return str.hashCode();
            case NUMBER: return num.signum() == 0 ? 0 : num.stripTrailingZeros().hashCode();
            case BOOL: return bool ? 1 : 2;
            case NULL: return 3;
            default: {
                int h = kind * 31 + vals.length;
                for (int i = 0; i < vals.length; i++) {
                    h = h * 31 + vals[i].hashCode() + (keys.length > 0 ? keys[i].hashCode() : 0);
                }
                return h;
            }
        }
    }
}
