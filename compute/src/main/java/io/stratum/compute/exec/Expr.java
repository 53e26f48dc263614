package io.stratum.compute.exec;

import io.stratum.compute.types.PgType;

/**
 * A bound, typed expression evaluated against one row (column references are indexes into it).
 * Immutable once the binder has finished; evaluation is thread-confined to the statement.
 */
public abstract class Expr {
    /** Result type (the binder may set it later for parameters and unknown literals). */
    protected PgType type;
    /** Result type modifier, -1 when none. */
    protected int typmod = -1;

    protected Expr(final PgType type) {
        this.type = type;
    }

    public PgType type() {
        return type;
    }

    public int typmod() {
        return typmod;
    }

    public Expr withTypmod(final int m) {
        typmod = m;
        return this;
    }

    /** Evaluates on {@code row} (may be null when the expression references no column). */
    public abstract Object eval(Object[] row, ExecContext cx);

    /** Whether the expression is a constant that needs no row (literals, folded parameters excluded). */
    public boolean isConstant() {
        return false;
    }

    /** Text for EXPLAIN. */
    public abstract String explain();

    @Override
    public String toString() {
        return explain();
    }
}
