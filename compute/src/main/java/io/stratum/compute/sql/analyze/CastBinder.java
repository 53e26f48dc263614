package io.stratum.compute.sql.analyze;

import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.Cast;
import io.stratum.compute.types.PgType;

/** {@code CAST(x AS t)} and {@code x::t}: PostgreSQL's explicit casts, enums and arrays included. */
final class CastBinder {
    private CastBinder() {
    }

    static Expr cast(final Cast c, final ExprBinder eb) {
        final BindContext ctx = eb.ctx;
        final Expr x = eb.bind(c.operand());
        final PgType t = TypeNames.type(c.type(), ctx.catalog, ctx.session);
        int mod = TypeNames.typmod(c.type(), ctx.catalog, ctx.session);
        if (EnumBinder.isEnum(t)) {
            try {
                return EnumBinder.coerce(x, t, mod, ctx, true);
            } catch (final SqlException e) {
                if (e.position() > 0 || !(x instanceof Exprs.Const)) {
                    throw e;
                }
                throw new SqlException(e.severity(), e.sqlState(), e.getMessage(), e.detail(), e.hint(),
                    c.operand().pos() + 1, e);
            }
        }
        if (x.type() != PgType.UNKNOWN && SqlTypes.isArray(t) != SqlTypes.isArray(x.type()) && !SqlTypes.isString(t)
            && !SqlTypes.isString(x.type()) && x.type() != PgType.INT2VECTOR && x.type() != PgType.OIDVECTOR
            && t != PgType.INT2VECTOR && t != PgType.OIDVECTOR && !JsonBinder.isJson(x.type()) && !JsonBinder.isJson(t)) {
            throw ExprBinder.err("42846", "cannot cast type " + SqlTypes.displayName(x.type()) + " to " + SqlTypes.displayName(t), c.pos());
        }
        if (EnumBinder.isEnum(x.type()) && !SqlTypes.isString(t)) {
            throw ExprBinder.err("42846", "cannot cast type " + EnumBinder.name(x.type(), x.typmod(), ctx) + " to "
                + SqlTypes.displayName(t), c.pos());
        }
        if (t == PgType.BPCHAR && c.type().modifiers().isEmpty()) {
            mod = -1;
        }
        JsonBinder.checkCast(x.type(), t, c.pos());
        if (x instanceof Exprs.Param && x.type() == PgType.UNKNOWN) {
            ctx.setParamType(((Exprs.Param) x).index, t);
            return mod < 0 || t != PgType.VARCHAR ? x : new Exprs.Cast(x, t, mod);
        }
        if (x.type() == t && mod < 0) {
            return x;
        }
        if (x instanceof Exprs.Const && x.type() == PgType.UNKNOWN && t != PgType.REGCLASS && t != PgType.REGTYPE
            && t != PgType.REGPROC) {
            try {
                return Coerce.to(x, t, mod, ctx);
            } catch (final SqlException e) {
                // PostgreSQL reads the literal while analysing the statement and points at it
                if (e.position() > 0) {
                    throw e;
                }
                throw new SqlException(e.severity(), e.sqlState(), e.getMessage(), e.detail(), e.hint(),
                    c.operand().pos() + 1, e);
            }
        }
        if (x instanceof Exprs.Const && x.type() == PgType.UNKNOWN && t == PgType.REGCLASS) {
            ctx.noteRegclass(((Exprs.Const) x).value);
        }
        return new Exprs.Cast(x, t, mod);
    }
}
