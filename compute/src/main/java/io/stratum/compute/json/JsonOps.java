package io.stratum.compute.json;

import io.stratum.compute.session.SqlException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * jsonb's operators and value functions with PostgreSQL 15's semantics: path extraction, containment
 * ({@code @>}: PostgreSQL's array rules), existence, concatenation, deletion, jsonb_set, jsonb_strip_nulls.
 * Recursion follows the value's nesting, which {@link Jsonb#MAX_DEPTH} bounds. Stateless.
 */
public final class JsonOps {
    private JsonOps() {
    }

    private static SqlException invalid(final String msg) {
        return new SqlException("22023", msg);
    }

    /** {@code #>}: follows a text[] path; null when a step is missing. */
    public static Jsonb path(final Jsonb v, final Object[] path) {
        Jsonb cur = v;
        for (final Object step : path) {
            if (step == null || cur == null) {
                return null;
            }
            final String k = (String) step;
            if (cur.kind == Jsonb.OBJECT) {
                cur = cur.field(k);
            } else if (cur.kind == Jsonb.ARRAY) {
                final Integer i = parseIndex(k);
                cur = i == null ? null : cur.element(i);
            } else {
                return null;
            }
        }
        return cur;
    }

    private static Integer parseIndex(final String k) {
        try {
            return Integer.parseInt(k.strip());
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    /** {@code ->>} / {@code #>>}: a string's text, null for JSON null, else the value's text. */
    public static String text(final Jsonb v) {
        if (v == null || v.kind == Jsonb.NULL) {
            return null;
        }
        return v.kind == Jsonb.STRING ? v.str : v.toString();
    }

    /** {@code a @> b}: JsonbDeepContains. */
    public static boolean contains(final Jsonb a, final Jsonb b) {
        if (a.isScalar() && b.isScalar()) {
            return scalarEquals(a, b);
        }
        if (a.isScalar() && !b.isScalar()) {
            return false;
        }
        if (!a.isScalar() && b.isScalar()) {
            // a top-level scalar is a one-element array: only an array contains it
            return a.kind == Jsonb.ARRAY && arrayHasScalar(a, b);
        }
        return deep(a, b);
    }

    private static boolean deep(final Jsonb a, final Jsonb b) {
        if (a.kind != b.kind) {
            return false;
        }
        if (a.kind == Jsonb.OBJECT) {
            if (a.vals.length < b.vals.length) {
                return false;
            }
            for (int i = 0; i < b.vals.length; i++) {
                final Jsonb l = a.field(b.keys[i]);
                final Jsonb r = b.vals[i];
                if (l == null || l.kind != r.kind) {
                    return false;
                }
                if (r.isScalar() ? !scalarEquals(l, r) : !deep(l, r)) {
                    return false;
                }
            }
            return true;
        }
        for (final Jsonb r : b.vals) {
            if (r.isScalar()) {
                if (!arrayHasScalar(a, r)) {
                    return false;
                }
            } else {
                boolean found = false;
                for (final Jsonb l : a.vals) {
                    if (l.kind == r.kind && deep(l, r)) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean arrayHasScalar(final Jsonb a, final Jsonb s) {
        for (final Jsonb l : a.vals) {
            if (l.kind == s.kind && scalarEquals(l, s)) {
                return true;
            }
        }
        return false;
    }

    private static boolean scalarEquals(final Jsonb a, final Jsonb b) {
        return a.kind == b.kind && Jsonb.compare(a, b, false) == 0;
    }

    /** {@code ?}: a key of an object, or a string element of an array (or the string itself). */
    public static boolean exists(final Jsonb v, final String k) {
        if (v.kind == Jsonb.OBJECT) {
            return v.field(k) != null;
        }
        if (v.kind == Jsonb.ARRAY) {
            for (final Jsonb e : v.vals) {
                if (e.kind == Jsonb.STRING && e.str.equals(k)) {
                    return true;
                }
            }
            return false;
        }
        return v.kind == Jsonb.STRING && v.str.equals(k);
    }

    /** {@code ?|} (any) and {@code ?&} (all); NULL elements are skipped. */
    public static boolean existsAny(final Jsonb v, final Object[] keys, final boolean all) {
        for (final Object k : keys) {
            if (k == null) {
                continue;
            }
            final boolean e = exists(v, (String) k);
            if (all && !e) {
                return false;
            }
            if (!all && e) {
                return true;
            }
        }
        return all;
    }

    /** {@code ||}: objects merge (right wins), anything else concatenates as arrays. */
    public static Jsonb concat(final Jsonb a, final Jsonb b) {
        if (a.kind == Jsonb.OBJECT && b.kind == Jsonb.OBJECT) {
            final String[] ks = Arrays.copyOf(a.keys, a.keys.length + b.keys.length);
            System.arraycopy(b.keys, 0, ks, a.keys.length, b.keys.length);
            final Jsonb[] vs = Arrays.copyOf(a.vals, a.vals.length + b.vals.length);
            System.arraycopy(b.vals, 0, vs, a.vals.length, b.vals.length);
            return Jsonb.object(ks, vs);
        }
        final List<Jsonb> out = new ArrayList<>();
        addAsArray(out, a);
        addAsArray(out, b);
        return Jsonb.array(out.toArray(new Jsonb[0]));
    }

    private static void addAsArray(final List<Jsonb> out, final Jsonb v) {
        if (v.kind == Jsonb.ARRAY) {
            out.addAll(Arrays.asList(v.vals));
        } else {
            out.add(v);
        }
    }

    /** {@code - text}: drops a key, or the string elements equal to it. */
    public static Jsonb deleteKey(final Jsonb v, final String k) {
        return deleteKeys(v, new Object[] {k});
    }

    /** {@code - text[]}. */
    public static Jsonb deleteKeys(final Jsonb v, final Object[] ks) {
        if (v.isScalar()) {
            throw invalid("cannot delete from scalar");
        }
        final List<String> keys = new ArrayList<>();
        final List<Jsonb> vals = new ArrayList<>();
        for (int i = 0; i < v.vals.length; i++) {
            final Jsonb e = v.vals[i];
            final String match = v.kind == Jsonb.OBJECT ? v.keys[i] : e.kind == Jsonb.STRING ? e.str : null;
            if (match != null && Arrays.asList(ks).contains(match)) {
                continue;
            }
            if (v.kind == Jsonb.OBJECT) {
                keys.add(v.keys[i]);
            }
            vals.add(e);
        }
        return v.kind == Jsonb.OBJECT ? Jsonb.object(keys.toArray(new String[0]), vals.toArray(new Jsonb[0]))
            : Jsonb.array(vals.toArray(new Jsonb[0]));
    }

    /** {@code - int}: drops an array element (negative counts from the end). */
    public static Jsonb deleteIndex(final Jsonb v, final int i) {
        if (v.isScalar()) {
            throw invalid("cannot delete from scalar");
        }
        if (v.kind == Jsonb.OBJECT) {
            throw invalid("cannot delete from object using integer index");
        }
        final int at = i < 0 ? v.vals.length + i : i;
        if (at < 0 || at >= v.vals.length) {
            return v;
        }
        final Jsonb[] out = new Jsonb[v.vals.length - 1];
        System.arraycopy(v.vals, 0, out, 0, at);
        System.arraycopy(v.vals, at + 1, out, at, out.length - at);
        return Jsonb.array(out);
    }

    /** jsonb_set(target, path, value, create_missing). */
    public static Jsonb set(final Jsonb v, final Object[] path, final Jsonb nv, final boolean create) {
        if (v.isScalar()) {
            throw invalid("cannot set path in scalar");
        }
        for (final Object o : path) {
            if (o == null) {
                throw new SqlException("22004", "path element at position " + (Arrays.asList(path).indexOf(null) + 1)
                    + " is null");
            }
        }
        return path.length == 0 ? v : setAt(v, path, 0, nv, create);
    }

    private static Jsonb setAt(final Jsonb v, final Object[] path, final int level, final Jsonb nv, final boolean create) {
        final String k = (String) path[level];
        final boolean last = level == path.length - 1;
        if (v.kind == Jsonb.OBJECT) {
            final Jsonb cur = v.field(k);
            if (cur == null) {
                if (!last || !create) {
                    return v;
                }
                final String[] ks = Arrays.copyOf(v.keys, v.keys.length + 1);
                ks[ks.length - 1] = k;
                final Jsonb[] vs = Arrays.copyOf(v.vals, v.vals.length + 1);
                vs[vs.length - 1] = nv;
                return Jsonb.object(ks, vs);
            }
            final Jsonb repl = last ? nv : cur.isScalar() ? cur : setAt(cur, path, level + 1, nv, create);
            final Jsonb[] vs = v.vals.clone();
            vs[Arrays.asList(v.keys).indexOf(k)] = repl;
            return Jsonb.object(v.keys, vs);
        }
        if (v.kind != Jsonb.ARRAY) {
            return v;
        }
        final Integer idx = parseIndex(k);
        if (idx == null) {
            throw new SqlException("22P02", "path element at position " + (level + 1) + " is not an integer: \"" + k + "\"");
        }
        final int n = v.vals.length;
        int at = idx < 0 ? n + idx : idx;
        if (at < 0 || at >= n) {
            if (!last || !create) {
                return v;
            }
            final List<Jsonb> out = new ArrayList<>(Arrays.asList(v.vals));
            if (at < 0) {
                out.add(0, nv);
            } else {
                out.add(nv);
            }
            return Jsonb.array(out.toArray(new Jsonb[0]));
        }
        final Jsonb cur = v.vals[at];
        final Jsonb[] vs = v.vals.clone();
        vs[at] = last ? nv : cur.isScalar() ? cur : setAt(cur, path, level + 1, nv, create);
        return Jsonb.array(vs);
    }

    /** {@code #-}: deletes the value at a path (a missing step leaves the value as it is). */
    public static Jsonb deletePath(final Jsonb v, final Object[] path) {
        if (v.isScalar()) {
            throw invalid("cannot delete path in scalar");
        }
        for (int i = 0; i < path.length; i++) {
            if (path[i] == null) {
                throw new SqlException("22004", "path element at position " + (i + 1) + " is null");
            }
        }
        return path.length == 0 ? v : deleteAt(v, path, 0);
    }

    private static Jsonb deleteAt(final Jsonb v, final Object[] path, final int level) {
        final String k = (String) path[level];
        final boolean last = level == path.length - 1;
        if (v.kind == Jsonb.OBJECT) {
            final int at = Arrays.asList(v.keys).indexOf(k);
            if (at < 0) {
                return v;
            }
            if (last) {
                return deleteKey(v, k);
            }
            final Jsonb cur = v.vals[at];
            final Jsonb[] vs = v.vals.clone();
            vs[at] = cur.isScalar() ? cur : deleteAt(cur, path, level + 1);
            return Jsonb.object(v.keys, vs);
        }
        if (v.kind != Jsonb.ARRAY) {
            return v;
        }
        final Integer idx = parseIndex(k);
        if (idx == null) {
            throw new SqlException("22P02", "path element at position " + (level + 1) + " is not an integer: \"" + k + "\"");
        }
        final int at = idx < 0 ? v.vals.length + idx : idx;
        if (at < 0 || at >= v.vals.length) {
            return v;
        }
        if (last) {
            return deleteIndex(v, at);
        }
        final Jsonb[] vs = v.vals.clone();
        vs[at] = vs[at].isScalar() ? vs[at] : deleteAt(vs[at], path, level + 1);
        return Jsonb.array(vs);
    }

    /** jsonb_strip_nulls: drops object fields whose value is null, at every level. */
    public static Jsonb stripNulls(final Jsonb v) {
        if (v.isScalar()) {
            return v;
        }
        final List<String> keys = new ArrayList<>();
        final List<Jsonb> vals = new ArrayList<>();
        for (int i = 0; i < v.vals.length; i++) {
            if (v.kind == Jsonb.OBJECT && v.vals[i].kind == Jsonb.NULL) {
                continue;
            }
            if (v.kind == Jsonb.OBJECT) {
                keys.add(v.keys[i]);
            }
            vals.add(stripNulls(v.vals[i]));
        }
        return v.kind == Jsonb.OBJECT ? Jsonb.object(keys.toArray(new String[0]), vals.toArray(new Jsonb[0]))
            : Jsonb.array(vals.toArray(new Jsonb[0]));
    }

    /** jsonb_array_length / json_array_length. */
    public static int arrayLength(final Jsonb v, final String fn) {
        if (v.kind == Jsonb.ARRAY) {
            return v.vals.length;
        }
        throw invalid(v.isScalar() ? "cannot get array length of a scalar" : "cannot get array length of a non-array");
    }

    /** jsonb_object_keys rows. */
    public static List<Object> objectKeys(final Jsonb v, final String fn) {
        if (v.kind != Jsonb.OBJECT) {
            throw invalid("cannot call " + fn + " on " + (v.kind == Jsonb.ARRAY ? "an array" : "a scalar"));
        }
        return new ArrayList<>(Arrays.asList((Object[]) v.keys));
    }

    /** jsonb_each / jsonb_each_text rows (key, value). */
    public static List<Object> each(final Jsonb v, final String fn, final boolean asText, final boolean json) {
        if (v.kind != Jsonb.OBJECT) {
            throw invalid(!json ? "cannot call " + fn + " on a non-object" : v.kind == Jsonb.ARRAY
                ? "cannot deconstruct an array as an object" : "cannot deconstruct a scalar");
        }
        final List<Object> out = new ArrayList<>();
        for (int i = 0; i < v.vals.length; i++) {
            out.add(new Object[] {v.keys[i], asText ? text(v.vals[i]) : json ? v.vals[i].toString() : v.vals[i]});
        }
        return out;
    }

    /** jsonb_array_elements / jsonb_array_elements_text rows. */
    public static List<Object> elements(final Jsonb v, final String fn, final boolean asText, final boolean json) {
        if (v.kind != Jsonb.ARRAY && json) {
            throw invalid("cannot call " + fn + " on " + (v.kind == Jsonb.OBJECT ? "a non-array" : "a scalar"));
        }
        if (v.kind != Jsonb.ARRAY) {
            throw invalid(v.kind == Jsonb.OBJECT ? "cannot extract elements from an object" : "cannot extract elements from a scalar");
        }
        final List<Object> out = new ArrayList<>();
        for (final Jsonb e : v.vals) {
            out.add(asText ? text(e) : json ? e.toString() : e);
        }
        return out;
    }

    /** A jsonb value cast to a number or boolean type ({@code '1'::jsonb::int}). */
    public static Object scalarFor(final Jsonb v, final String typeName, final boolean bool) {
        if (bool ? v.kind != Jsonb.BOOL : v.kind != Jsonb.NUMBER) {
            final String kind = v.kind == Jsonb.OBJECT ? "object" : v.kind == Jsonb.ARRAY ? "array" : v.kind == Jsonb.STRING
                ? "string" : v.kind == Jsonb.NULL ? "null" : v.kind == Jsonb.BOOL ? "boolean" : "numeric";
            throw invalid("cannot cast jsonb " + kind + " to type " + typeName);
        }
        return bool ? (Object) v.bool : v.num;
    }
}
