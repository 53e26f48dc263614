package io.stratum.compute.sql.analyze;

import io.stratum.compute.exec.PlanNode;
import io.stratum.compute.sql.ast.With;
import java.util.HashMap;
import java.util.Map;

/**
 * Binds a WITH clause: its CTEs in order, each visible to those after it and to the statement; a
 * self-referencing CTE of WITH RECURSIVE through {@link RecursiveCtes}, a data-modifying one (INSERT, UPDATE,
 * DELETE) through {@link ModifyingCtes}, a query as a plan that each reference runs.
 */
final class WithClauses {
    private WithClauses() {
    }

    /**
     * Binds the CTEs of {@code with} (null: none) into a new innermost scope of CTEs, which the caller pops
     * ({@link Binder#popCtes}) when it returns true. {@code statement} is the query or DML statement the WITH
     * belongs to; {@code top} whether that is the top-level statement.
     */
    static boolean push(final Binder b, final With with, final Object statement, final Scope outer, final boolean top) {
        if (with == null) {
            return false;
        }
        final Map<String, Binder.Cte> m = new HashMap<>();
        b.ctx.ctes.add(m);
        for (final io.stratum.compute.sql.ast.Cte c : with.ctes()) {
            if (c.modifying()) {
                m.put(c.name(), ModifyingCtes.bind(b, c, with, top));
                continue;
            }
            if (with.recursive() && RecursiveCtes.references(c.query(), c.name()) > 0) {
                m.put(c.name(), new Binder.Cte(c.name(), RecursiveCtes.bind(b, c, outer, m)));
                continue;
            }
            // PostgreSQL plans (folds) a CTE only when it is read, and one read once and not MATERIALIZED as a subquery
            final int refs = b.ctx.folding == null ? -1 : RecursiveCtes.references(statement, c.name());
            if (refs == 1 && !Boolean.TRUE.equals(c.materialized())) {
                FoldBinder.derived(b.ctx, c.query(), c.name(), c.columns());
            }
            PlanNode p;
            if (refs == 0) {
                b.ctx.noFold++;
                try {
                    p = b.bindQuery(c.query(), outer);
                } finally {
                    b.ctx.noFold--;
                }
            } else {
                p = b.bindQuery(c.query(), outer);
            }
            if (!c.columns().isEmpty()) {
                p = Binder.rename(p, c.columns(), "WITH query \"" + c.name() + "\"");
            }
            m.put(c.name(), new Binder.Cte(c.name(), p));
        }
        return true;
    }
}
