package io.stratum.compute.sql.analyze;

import io.stratum.compute.exec.Casts;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.time.ZoneOffset;
import java.util.List;

/** PostgreSQL's coercion rules: unknown literals and parameters take their context's type; common types. */
final class Coerce {
    private Coerce() {
    }

    static boolean isUnknown(final Expr e) {
        return e.type() == PgType.UNKNOWN;
    }

    /** Coerces {@code e} to {@code target}: unknowns adopt it, other types get a cast. */
    static Expr to(final Expr e, final PgType target, final int typmod, final BindContext ctx) {
        if (target == null || target == PgType.UNKNOWN) {
            return e;
        }
        if (EnumBinder.isEnum(target)) {
            return EnumBinder.coerce(e, target, typmod, ctx, false);
        }
        if (e.type() == target && (typmod < 0 || e.typmod() == typmod)) {
            return e;
        }
        if (e instanceof Exprs.Param && e.type() == PgType.UNKNOWN) {
            ctx.setParamType(((Exprs.Param) e).index, target);
            return e;
        }
        if (e instanceof Exprs.Const && e.type() == PgType.UNKNOWN) {
            final Object v = ((Exprs.Const) e).value;
            if (v == null) {
                return new Exprs.Const(null, target).withTypmod(typmod);
            }
            if (target == PgType.REGCLASS || target == PgType.REGTYPE || target == PgType.REGPROC) {
                if (target == PgType.REGCLASS) {
                    ctx.noteRegclass(v);
                }
                return new Exprs.Cast(e, target, typmod);
            }
            return new Exprs.Const(Casts.cast(v, target, typmod, ctx.zone()), target).withTypmod(typmod);
        }
        if (e.type() == target && typmod >= 0 && target != PgType.VARCHAR && target != PgType.BPCHAR && target != PgType.NUMERIC) {
            return e;
        }
        if (e instanceof Exprs.Const && e.type() != PgType.UNKNOWN && target != PgType.REGCLASS && target != PgType.REGTYPE
            && !(SqlTypes.isOidLike(e.type()) && target == PgType.TEXT) && (ctx.folding == null || ctx.noFold == 0)) {
            final Object v = ((Exprs.Const) e).value;
            return new Exprs.Const(Casts.cast(v, target, typmod, ZoneOffset.UTC), target).withTypmod(typmod);
        }
        return new Exprs.Cast(e, target, typmod);
    }

    static Expr to(final Expr e, final PgType target, final BindContext ctx) {
        return to(e, target, -1, ctx);
    }

    /** Implicit coercion or 42804 {@code argument of WHERE must be type boolean, not type integer}. */
    static Expr toBool(final Expr e, final String clause, final BindContext ctx, final int pos) {
        if (e.type() == PgType.BOOL) {
            return e;
        }
        if (e.type() == PgType.UNKNOWN) {
            return to(e, PgType.BOOL, ctx);
        }
        throw new SqlException("42804", "argument of " + clause + " must be type boolean, not type "
            + SqlTypes.displayName(e.type()), null, null, pos + 1, null);
    }

    /** The common type of a UNION / CASE / VALUES column / IN list (PostgreSQL's select_common_type). */
    static PgType common(final List<Expr> exprs, final String context, final int pos) {
        PgType t = null;
        for (final Expr e : exprs) {
            final PgType x = e.type();
            if (x == PgType.UNKNOWN) {
                continue;
            }
            if (t == null) {
                t = x;
                continue;
            }
            if (t == x) {
                continue;
            }
            t = commonOf(t, x, context, pos);
        }
        return t == null ? PgType.TEXT : t;
    }

    static PgType commonOf(final PgType a, final PgType b, final String context, final int pos) {
        if (a == b) {
            return a;
        }
        final char ca = SqlTypes.category(a);
        final char cb = SqlTypes.category(b);
        if (ca != cb) {
            throw new SqlException("42804", context + " types " + SqlTypes.displayName(a) + " and "
                + SqlTypes.displayName(b) + " cannot be matched", null, null, pos + 1, null);
        }
        if (ca == 'N') {
            final int ra = SqlTypes.isOidLike(a) ? 2 : SqlTypes.numericRank(a);
            final int rb = SqlTypes.isOidLike(b) ? 2 : SqlTypes.numericRank(b);
            if (SqlTypes.isOidLike(a) && SqlTypes.isOidLike(b)) {
                return PgType.OID;
            }
            return SqlTypes.byRank(Math.max(ra, rb));
        }
        if (ca == 'S') {
            return PgType.TEXT;
        }
        if (ca == 'D') {
            if (a == PgType.TIMESTAMPTZ || b == PgType.TIMESTAMPTZ) {
                return PgType.TIMESTAMPTZ;
            }
            return PgType.TIMESTAMP;
        }
        return a;
    }

    /** Assignment coercion (INSERT / UPDATE target): any cast PostgreSQL allows in assignment. */
    static Expr assign(final Expr e, final PgType target, final int typmod, final BindContext ctx, final String column,
                       final int pos) {
        if (EnumBinder.isEnum(target) || EnumBinder.isEnum(e.type())) {
            if (e.type() == PgType.UNKNOWN || e.type() == target && e.typmod() == typmod) {
                return to(e, target, typmod, ctx);
            }
            if (!SqlTypes.isString(target)) {
                throw new SqlException("42804", "column \"" + column + "\" is of type " + EnumBinder.name(target, typmod, ctx)
                    + " but expression is of type " + EnumBinder.name(e.type(), e.typmod(), ctx), null,
                    "You will need to rewrite or cast the expression.", pos + 1, null);
            }
        }
        if (e.type() == PgType.UNKNOWN || e.type() == target) {
            return to(e, target, typmod, ctx);
        }
        final char cs = SqlTypes.category(e.type());
        final char ct = SqlTypes.category(target);
        final boolean ok = cs == ct || ct == 'S' || (cs == 'D' && ct == 'D')
            || (e.type() == PgType.INT4 && target == PgType.BOOL) || SqlTypes.isArray(target) && cs == 'A';
        if (!ok) {
            throw new SqlException("42804", "column \"" + column + "\" is of type " + SqlTypes.displayName(target)
                + " but expression is of type " + SqlTypes.displayName(e.type()), null,
                "You will need to rewrite or cast the expression.", pos + 1, null);
        }
        return new Exprs.Cast(e, target, typmod);
    }
}
