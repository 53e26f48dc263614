package io.stratum.compute.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * A call of a user-defined SQL function: the arguments are evaluated, then the body's statements run in order
 * with the arguments as their enclosing row (a parameter is an outer reference one level up, as a correlated
 * subquery's), as PostgreSQL's fmgr_sql runs a function it does not inline. A scalar function returns the first
 * row of its last statement (NULL when there is none); a set-returning one every row, as a list (the shape a
 * Function Scan and a select-list SRF read). Several result columns come as one record ({@code Object[]}).
 * STRICT: a NULL argument gives NULL (or no rows) without running the body.
 *
 * <p>Threads: one statement's thread, like every expression.
 */
public final class SqlFunctionCall extends Expr {
    private final String name;
    private final Expr[] args;
    private final List<PlanNode> before;
    private final PlanNode body;
    private final boolean strict;
    private final boolean set;
    private final boolean record;

    /**
     * @param before the body's statements before the last (run to their end, their rows discarded)
     * @param body the last statement, its columns already coerced to the result's types
     * @param set whether every row is returned (proretset)
     * @param record whether the result is the row of several columns
     */
    public SqlFunctionCall(final String name, final io.stratum.compute.types.PgType type, final Expr[] args,
                           final List<PlanNode> before, final PlanNode body, final boolean strict, final boolean set,
                           final boolean record) {
        super(type);
        this.name = name;
        this.args = args;
        this.before = List.copyOf(before);
        this.body = body;
        this.strict = strict;
        this.set = set;
        this.record = record;
    }

    @Override
    public Object eval(final Object[] row, final ExecContext cx) {
        final Object[] a = new Object[args.length];
        if (Exprs.evalArgs(args, row, cx, a) && strict) {
            return set ? List.of() : null;
        }
        cx.pushOuter(a);
        try {
            for (final PlanNode p : before) {
                try (Cursor c = p.start(cx)) {
                    while (c.next() != null) {
                        cx.check();
                    }
                }
            }
            try (Cursor c = body.start(cx)) {
                if (type == io.stratum.compute.types.PgType.VOID) {
                    while (c.next() != null) {
                        cx.check();
                    }
                    return null;
                }
                if (!set) {
                    final Object[] r = c.next();
                    return r == null ? null : record ? r.clone() : r[0];
                }
                // the rows are held until the caller has read them: one call's result is bounded by the
                // statement's memory (53200 beyond it), then the reservation ends with the call
                final List<Object> out = new ArrayList<>();
                long held = 0;
                try {
                    Object[] r;
                    while ((r = c.next()) != null) {
                        cx.check();
                        final long n = 32L + 16L * r.length;
                        cx.reserve(n);
                        held += n;
                        out.add(record ? r.clone() : r[0]);
                    }
                } finally {
                    cx.release(held);
                }
                return out;
            }
        } finally {
            cx.popOuter();
        }
    }

    @Override
    public String explain() {
        return Exprs.explainCall(name, args);
    }
}
