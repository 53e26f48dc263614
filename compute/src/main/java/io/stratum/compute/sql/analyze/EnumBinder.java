package io.stratum.compute.sql.analyze;

import io.stratum.compute.exec.Casts;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.EnumLabel;
import io.stratum.compute.types.EnumType;
import io.stratum.compute.types.PgType;
import java.util.List;

/**
 * Enum types in expressions: casts from text and unknown literals (enum_in), comparisons between values of
 * one enum type, and enum_first / enum_last / enum_range. An enum expression is {@link PgType#ENUM} with the
 * type's OID as typmod; its values are {@link EnumLabel}s, which compare by sort order.
 */
final class EnumBinder {
    private EnumBinder() {
    }

    static boolean isEnum(final PgType t) {
        return t == PgType.ENUM || t == PgType.ENUM_ARRAY;
    }

    /** The enum type of an expression of type ENUM / ENUM_ARRAY (typmod its OID). */
    static EnumType typeOf(final int typmod, final BindContext ctx) {
        final EnumType e = typmod < 0 ? null : ctx.catalog.enumType(typmod);
        if (e == null) {
            throw new SqlException("42804", "could not determine which enum type to use");
        }
        return e;
    }

    /** format_type of a type with its typmod (an enum's name). */
    static String name(final PgType t, final int typmod, final BindContext ctx) {
        if (isEnum(t)) {
            final EnumType e = typmod < 0 ? null : ctx.catalog.enumType(typmod);
            final String n = e == null ? t.typname() : e.name();
            return t == PgType.ENUM_ARRAY ? n + "[]" : n;
        }
        return SqlTypes.displayName(t);
    }

    /** The typmod of the first enum-typed expression of {@code exprs}, -1 when none. */
    static int typmod(final List<Expr> exprs) {
        for (final Expr e : exprs) {
            if (isEnum(e.type())) {
                return e.typmod();
            }
        }
        return -1;
    }

    /** Coerces {@code e} to the enum type (or its array) {@code typmod}: literals are read now, text at run time. */
    static Expr coerce(final Expr e, final PgType target, final int typmod, final BindContext ctx, final boolean explicit) {
        if (e.type() == target && (typmod < 0 || e.typmod() == typmod)) {
            return e;
        }
        final EnumType et = typeOf(typmod, ctx);
        ctx.noteType(et.oid());
        if (e instanceof Exprs.Const && e.type() == PgType.UNKNOWN) {
            final Object v = ((Exprs.Const) e).value;
            return new Exprs.Const(v == null ? null : convert(v, target, et, ctx), target).withTypmod(et.oid());
        }
        if (e instanceof Exprs.Param && e.type() == PgType.UNKNOWN) {
            ctx.setParamType(((Exprs.Param) e).index, target == PgType.ENUM ? PgType.TEXT : PgType.TEXT_ARRAY);
        } else if (!(explicit && (SqlTypes.isString(e.type()) || target == PgType.ENUM_ARRAY && (e.type() == PgType.TEXT_ARRAY
            || e.type() == PgType.VARCHAR_ARRAY)) || e.type() == PgType.UNKNOWN)) {
            throw new SqlException("42846", "cannot cast type " + name(e.type(), e.typmod(), ctx) + " to "
                + name(target, typmod, ctx));
        }
        return new Exprs.Call("enum_in", target, (a, cx) -> convert(a[0], target, et, ctx), new Expr[] {e}, true)
            .withTypmod(et.oid());
    }

    private static Object convert(final Object v, final PgType target, final EnumType et, final BindContext ctx) {
        if (target == PgType.ENUM) {
            return v instanceof EnumLabel ? v : et.parse(v.toString());
        }
        final Object[] a = v instanceof Object[] ? (Object[]) v : Casts.parseArray(v.toString(), PgType.TEXT, ctx.zone());
        final Object[] out = new Object[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] == null ? null : a[i] instanceof EnumLabel ? a[i] : et.parse(a[i].toString());
        }
        return out;
    }

    /**
     * Comparison operands when one side is an enum: an unknown literal takes the enum type, two enums must be
     * of one type, anything else is 42883 {@code operator does not exist: mood = text}.
     */
    static Expr[] unify(final Expr l, final Expr r, final String op, final BindContext ctx, final int pos) {
        if (l.type() == PgType.UNKNOWN) {
            return new Expr[] {coerce(l, r.type(), r.typmod(), ctx, false), r};
        }
        if (r.type() == PgType.UNKNOWN) {
            return new Expr[] {l, coerce(r, l.type(), l.typmod(), ctx, false)};
        }
        if (l.type() == r.type() && l.typmod() == r.typmod()) {
            return new Expr[] {l, r};
        }
        throw new SqlException("42883", "operator does not exist: " + name(l.type(), l.typmod(), ctx) + " " + op + " "
            + name(r.type(), r.typmod(), ctx), null, Operators.HINT, pos + 1, null);
    }

    private static int nonEmpty(final EnumType et, final List<EnumLabel> ls) {
        if (ls.isEmpty()) {
            throw new SqlException("55000", "enum " + et.name() + " contains no values");
        }
        return 0;
    }

    /** enum_first, enum_last, enum_range (one or two arguments), or null when {@code name} is none of them. */
    static Expr function(final String name, final List<Expr> args, final BindContext ctx, final int pos) {
        if (!name.equals("enum_first") && !name.equals("enum_last") && !name.equals("enum_range")) {
            return null;
        }
        final int n = args.size();
        if (n == 0 || n > 2 || n == 2 && !name.equals("enum_range")) {
            return null;
        }
        Expr a = args.get(0);
        Expr b = n == 2 ? args.get(1) : null;
        if (b != null && a.type() == PgType.UNKNOWN && b.type() == PgType.ENUM) {
            a = coerce(a, PgType.ENUM, b.typmod(), ctx, false);
        }
        if (b != null && b.type() == PgType.UNKNOWN && a.type() == PgType.ENUM) {
            b = coerce(b, PgType.ENUM, a.typmod(), ctx, false);
        }
        if (a.type() != PgType.ENUM || b != null && (b.type() != PgType.ENUM || b.typmod() != a.typmod())) {
            return null;
        }
        final EnumType et = typeOf(a.typmod(), ctx);
        final List<EnumLabel> ls = et.labels();
        final Expr[] argv = b == null ? new Expr[] {a} : new Expr[] {a, b};
        switch (name) {
            case "enum_first":
                return new Exprs.Call(name, PgType.ENUM, (v, cx) -> ls.get(nonEmpty(et, ls)), argv, false)
                    .withTypmod(et.oid());
            case "enum_last":
                return new Exprs.Call(name, PgType.ENUM, (v, cx) -> ls.get(nonEmpty(et, ls) + ls.size() - 1), argv,
                    false).withTypmod(et.oid());
            default:
                if (b == null) {
                    return new Exprs.Call(name, PgType.ENUM_ARRAY, (v, cx) -> ls.toArray(), argv, false)
                        .withTypmod(et.oid());
                }
                return new Exprs.Call(name, PgType.ENUM_ARRAY, (v, cx) -> {
                    final int from = v[0] == null ? 0 : ls.indexOf(v[0]);
                    final int to = v[1] == null ? ls.size() - 1 : ls.indexOf(v[1]);
                    if (from > to) {
                        return new Object[0];
                    }
                    return ls.subList(from, to + 1).toArray();
                }, argv, false).withTypmod(et.oid());
        }
    }
}
