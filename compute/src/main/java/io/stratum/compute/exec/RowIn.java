package io.stratum.compute.exec;

import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code (a, b) IN (SELECT x, y ...)}: true when some subquery row equals the operand row field by field, NULL
 * when none does but some comparison was NULL (a NULL field on either side), false otherwise, as PostgreSQL's
 * row-valued ANY sublink. An uncorrelated subquery's rows are read once per statement (held under the statement's
 * memory limit); a correlated one runs per outer row. Threads: none.
 */
public final class RowIn extends Expr {
    private final PlanNode plan;
    private final Expr[] fields;
    private final boolean correlated;
    private ExecContext cachedFor;
    private List<Object[]> cache;

    /**
     * @param fields the operand row's fields, each already of its subquery column's type
     */
    public RowIn(final PlanNode plan, final List<Expr> fields, final boolean correlated) {
        super(PgType.BOOL);
        this.plan = plan;
        this.fields = fields.toArray(new Expr[0]);
        this.correlated = correlated;
    }

    public PlanNode plan() {
        return plan;
    }

    @Override
    public Object eval(final Object[] row, final ExecContext cx) {
        final Object[] v = new Object[fields.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = fields[i].eval(row, cx);
        }
        boolean sawNull = false;
        if (!correlated) {
            if (cachedFor != cx) {
                final List<Object[]> rows = new ArrayList<>();
                try (Cursor c = plan.start(cx)) {
                    Object[] r;
                    while ((r = c.next()) != null) {
                        cx.check();
                        cx.reserve(ExecContext.estimate(r));
                        rows.add(r);
                    }
                }
                cache = rows;
                cachedFor = cx;
            }
            for (final Object[] r : cache) {
                final Boolean eq = Exprs.RowCmp.equal(v, r);
                if (eq == null) {
                    sawNull = true;
                } else if (eq) {
                    return true;
                }
            }
            return sawNull ? null : (Object) false;
        }
        cx.pushOuter(row);
        try (Cursor c = plan.start(cx)) {
            Object[] r;
            while ((r = c.next()) != null) {
                cx.check();
                final Boolean eq = Exprs.RowCmp.equal(v, r);
                if (eq == null) {
                    sawNull = true;
                } else if (eq) {
                    return true;
                }
            }
        } finally {
            cx.popOuter();
        }
        return sawNull ? null : (Object) false;
    }

    @Override
    public String explain() {
        final StringBuilder sb = new StringBuilder("(ROW(");
        for (int i = 0; i < fields.length; i++) {
            sb.append(i > 0 ? ", " : "").append(fields[i].explain());
        }
        return sb.append(") = ANY (SubPlan))").toString();
    }
}
