package io.stratum.compute.sql.analyze;

import io.stratum.compute.exec.ArrayFns;
import io.stratum.compute.exec.Casts;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.Subscript;
import io.stratum.compute.types.ArrayValues;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds array subscripts and slices, array operators ({@code ||}, {@code @>}, {@code <@}, {@code &&}) and
 * the array functions (PostgreSQL's anyarray / anyelement resolution: an unknown literal takes the other
 * argument's array or element type).
 */
final class ArrayBinder {
    private ArrayBinder() {
    }

    /** {@code a[i][j]}, {@code a[1:2]}, ... bound as one expression (the chain of subscripts of one base). */
    static Expr subscript(final Subscript outer, final ExprBinder eb) {
        final List<Subscript> chain = new ArrayList<>();
        io.stratum.compute.sql.ast.Expr b = outer;
        while (b instanceof Subscript) {
            chain.add(0, (Subscript) b);
            b = ((Subscript) b).base();
        }
        final Expr base = eb.bind(b);
        final PgType el = SqlTypes.elementType(base.type());
        if (el == null || base.type() == PgType.INT2VECTOR || base.type() == PgType.OIDVECTOR) {
            if (el == null) {
                throw ExprBinder.err("42804", "cannot subscript type " + SqlTypes.displayName(base.type())
                    + " because it does not support subscripting", outer.pos());
            }
        }
        if (chain.size() > 6) {
            throw ExprBinder.err("54000", "number of array dimensions (" + chain.size()
                + ") exceeds the maximum allowed (6)", outer.pos());
        }
        final Expr[] lo = new Expr[chain.size()];
        final Expr[] hi = new Expr[chain.size()];
        final boolean[] sliced = new boolean[chain.size()];
        boolean slice = false;
        for (int d = 0; d < lo.length; d++) {
            final Subscript s = chain.get(d);
            lo[d] = s.lower() == null ? null : index(eb.bind(s.lower()), eb.ctx, s.pos());
            hi[d] = s.upper() == null ? null : index(eb.bind(s.upper()), eb.ctx, s.pos());
            sliced[d] = s.slice();
            slice |= s.slice();
        }
        final PgType t = slice ? base.type() : el;
        return new ArrayFns.Subscript(t, base, lo, hi, sliced).withTypmod(slice ? base.typmod() : EnumBinder.isEnum(el)
            ? base.typmod() : -1);
    }

    private static Expr index(final Expr e, final BindContext ctx, final int pos) {
        if (e.type() != PgType.UNKNOWN && SqlTypes.category(e.type()) != 'N') {
            throw ExprBinder.err("42804", "array subscript must have type integer", pos);
        }
        return Coerce.to(e, PgType.INT4, ctx);
    }

    /** ARRAY[ARRAY[1,2], ARRAY[3,4]] (or ARRAY[[1,2],[3,4]]): an array of one more dimension. */
    static Expr ofArrays(final PgType t, final List<Expr> els) {
        return new Exprs.Call("array", t, (v, cx) -> ArrayFns.ofArrays(v), els.toArray(new Expr[0]), false);
    }

    static boolean isArray(final Expr e) {
        return SqlTypes.isArray(e.type());
    }

    /** {@code ||}, {@code @>}, {@code <@}, {@code &&} with an array operand, or null. */
    static Expr operator(final String op, Expr l, Expr r, final BindContext ctx, final int pos) {
        if (!isArray(l) && !isArray(r)) {
            return null;
        }
        switch (op) {
            case "||": {
                if (isArray(l) && r.type() == PgType.UNKNOWN) {
                    r = Coerce.to(r, l.type(), l.typmod(), ctx);
                } else if (isArray(r) && l.type() == PgType.UNKNOWN) {
                    l = Coerce.to(l, r.type(), r.typmod(), ctx);
                }
                if (isArray(l) && isArray(r)) {
                    final PgType t = arrayPair(l, r, "||", ctx, pos);
                    return new Exprs.Call("array_cat", t, (v, cx) -> ArrayFns.cat((Object[]) v[0], (Object[]) v[1]),
                        new Expr[] {Coerce.to(l, t, ctx), Coerce.to(r, t, ctx)}, false).withTypmod(l.typmod());
                }
                if (isArray(l)) {
                    final Expr x = element(r, l, ctx, "||", pos);
                    return new Exprs.Call("array_append", l.type(), (v, cx) -> ArrayFns.append((Object[]) v[0], v[1]),
                        new Expr[] {l, x}, false).withTypmod(l.typmod());
                }
                final Expr x = element(l, r, ctx, "||", pos);
                return new Exprs.Call("array_prepend", r.type(), (v, cx) -> ArrayFns.prepend(v[0], (Object[]) v[1]),
                    new Expr[] {x, r}, false).withTypmod(r.typmod());
            }
            case "@>": case "<@": case "&&": {
                if (l.type() == PgType.UNKNOWN) {
                    l = Coerce.to(l, r.type(), r.typmod(), ctx);
                }
                if (r.type() == PgType.UNKNOWN) {
                    r = Coerce.to(r, l.type(), l.typmod(), ctx);
                }
                if (!isArray(l) || !isArray(r) || l.type() != r.type() || l.typmod() != r.typmod() && EnumBinder.isEnum(
                    SqlTypes.elementType(l.type()))) {
                    throw new SqlException("42883", "operator does not exist: " + EnumBinder.name(l.type(), l.typmod(), ctx) + " "
                        + op + " " + EnumBinder.name(r.type(), r.typmod(), ctx), null, Operators.HINT, pos + 1, null);
                }
                final Expr[] args = {l, r};
                if (op.equals("&&")) {
                    return new Exprs.Call(op, PgType.BOOL, (v, cx) -> ArrayFns.overlaps((Object[]) v[0], (Object[]) v[1]), args, true);
                }
                final boolean left = op.equals("@>");
                return new Exprs.Call(op, PgType.BOOL, (v, cx) -> left ? ArrayFns.contains((Object[]) v[0], (Object[]) v[1])
                    : ArrayFns.contains((Object[]) v[1], (Object[]) v[0]), args, true);
            }
            default:
                return null;
        }
    }

    /** The common array type of two array operands (integer[] with bigint[]: bigint[]), else 42883. */
    private static PgType arrayPair(final Expr l, final Expr r, final String op, final BindContext ctx, final int pos) {
        if (!isArray(l) || !isArray(r)) {
            throw Operators.noOperator(op, l.type(), r.type(), pos);
        }
        if (l.type() == r.type() && l.typmod() == r.typmod()) {
            return l.type();
        }
        final PgType a = SqlTypes.elementType(l.type());
        final PgType b = SqlTypes.elementType(r.type());
        if (EnumBinder.isEnum(a) || EnumBinder.isEnum(b) || SqlTypes.category(a) != SqlTypes.category(b)) {
            throw new SqlException("42883", "operator does not exist: " + EnumBinder.name(l.type(), l.typmod(), ctx) + " "
                + op + " " + EnumBinder.name(r.type(), r.typmod(), ctx), null, Operators.HINT, pos + 1, null);
        }
        final PgType c = SqlTypes.arrayOf(Coerce.commonOf(a, b, op, pos));
        return c == null ? l.type() : c;
    }

    private static Expr element(final Expr e, final Expr array, final BindContext ctx, final String op, final int pos) {
        final PgType el = SqlTypes.elementType(array.type());
        if (e.type() == PgType.UNKNOWN || e.type() == el || SqlTypes.implicitlyCoercible(e.type(), el)) {
            return Coerce.to(e, el, EnumBinder.isEnum(el) ? array.typmod() : -1, ctx);
        }
        throw Operators.noOperator(op, array == e ? e.type() : array.type(), e.type(), pos);
    }

    /** The array functions, or null when {@code name} is none of them (or the arguments do not fit). */
    static Expr function(final String name, final List<Expr> args, final BindContext ctx, final int pos) {
        final int n = args.size();
        switch (name) {
            case "array_append": case "array_prepend": case "array_cat": {
                if (n != 2) {
                    return null;
                }
                final String op = "||";
                Expr a = args.get(0);
                Expr b = args.get(1);
                if (name.equals("array_cat")) {
                    if (a.type() == PgType.UNKNOWN && isArray(b)) {
                        a = Coerce.to(a, b.type(), b.typmod(), ctx);
                    }
                    if (b.type() == PgType.UNKNOWN && isArray(a)) {
                        b = Coerce.to(b, a.type(), a.typmod(), ctx);
                    }
                    if (!isArray(a) || !isArray(b)) {
                        throw Functions.noFunction(name, args, pos);
                    }
                    return operator(op, a, b, ctx, pos);
                }
                final Expr arr = name.equals("array_append") ? a : b;
                final Expr el = name.equals("array_append") ? b : a;
                if (!isArray(arr)) {
                    throw Functions.noFunction(name, args, pos);
                }
                final Expr x = element(el, arr, ctx, op, pos);
                return name.equals("array_append")
                    ? new Exprs.Call(name, arr.type(), (v, cx) -> ArrayFns.append((Object[]) v[0], v[1]), new Expr[] {arr, x}, false)
                        .withTypmod(arr.typmod())
                    : new Exprs.Call(name, arr.type(), (v, cx) -> ArrayFns.prepend(v[0], (Object[]) v[1]), new Expr[] {x, arr}, false)
                        .withTypmod(arr.typmod());
            }
            case "array_remove": case "array_positions": case "array_position": case "array_replace": {
                if (n < 2 || n > 3 || !isArray(args.get(0)) || n == 3 && name.equals("array_remove")
                    || n == 3 && name.equals("array_positions") || n == 2 && name.equals("array_replace")) {
                    return null;
                }
                final Expr arr = args.get(0);
                final Expr x = element(args.get(1), arr, ctx, "=", pos);
                switch (name) {
                    case "array_remove":
                        return new Exprs.Call(name, arr.type(), (v, cx) -> v[0] == null ? null : ArrayFns.remove((Object[]) v[0], v[1]),
                            new Expr[] {arr, x}, false).withTypmod(arr.typmod());
                    case "array_positions":
                        return new Exprs.Call(name, PgType.INT4_ARRAY, (v, cx) -> v[0] == null ? null
                            : ArrayFns.positions((Object[]) v[0], v[1]), new Expr[] {arr, x}, false);
                    case "array_replace": {
                        final Expr y = element(args.get(2), arr, ctx, "=", pos);
                        return new Exprs.Call(name, arr.type(), (v, cx) -> v[0] == null ? null
                            : ArrayFns.replace((Object[]) v[0], v[1], v[2]), new Expr[] {arr, x, y}, false).withTypmod(arr.typmod());
                    }
                    default: {
                        final Expr start = n == 3 ? Coerce.to(args.get(2), PgType.INT4, ctx) : null;
                        return new Exprs.Call(name, PgType.INT4, (v, cx) -> {
                            if (v[0] == null) {
                                return null;
                            }
                            if (v.length > 2 && v[2] == null) {
                                throw new SqlException("22004", "initial position must not be null");
                            }
                            return ArrayFns.position((Object[]) v[0], v[1], v.length > 2 ? (Integer) v[2] : null);
                        }, start == null ? new Expr[] {arr, x} : new Expr[] {arr, x, start}, false);
                    }
                }
            }
            case "array_length": case "array_upper": case "array_lower": {
                if (n != 2 || !isArray(args.get(0))) {
                    return null;
                }
                final boolean lower = name.equals("array_lower");
                return new Exprs.Call(name, PgType.INT4, (v, cx) -> lower ? ArrayFns.lower((Object[]) v[0], (Integer) v[1])
                    : ArrayFns.length((Object[]) v[0], (Integer) v[1]), new Expr[] {args.get(0),
                        Coerce.to(args.get(1), PgType.INT4, ctx)}, true);
            }
            case "cardinality": case "array_ndims": case "array_dims": {
                if (n != 1 || !isArray(args.get(0))) {
                    return null;
                }
                if (name.equals("array_dims")) {
                    return new Exprs.Call(name, PgType.TEXT, (v, cx) -> ArrayValues.dimsText((Object[]) v[0]),
                        new Expr[] {args.get(0)}, true);
                }
                final boolean card = name.equals("cardinality");
                return new Exprs.Call(name, PgType.INT4, (v, cx) -> {
                    final Object[] a = (Object[]) v[0];
                    return card ? (Object) ArrayValues.cardinality(a) : a.length == 0 ? null : (Object) ArrayValues.ndims(a);
                }, new Expr[] {args.get(0)}, true);
            }
            case "string_to_array": {
                if (n < 2 || n > 3) {
                    return null;
                }
                final Expr[] ev = new Expr[n];
                for (int i = 0; i < n; i++) {
                    ev[i] = Coerce.to(args.get(i), PgType.TEXT, ctx);
                    if (!SqlTypes.isString(ev[i].type())) {
                        return null;
                    }
                }
                return new Exprs.Call(name, PgType.TEXT_ARRAY, (v, cx) -> v[0] == null ? null
                    : ArrayFns.stringToArray(Casts.toText(v[0], null, cx.zone()), (String) v[1], v.length > 2 ? (String) v[2] : null),
                    ev, false);
            }
            default:
                return null;
        }
    }
}
