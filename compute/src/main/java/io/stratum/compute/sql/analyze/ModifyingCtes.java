package io.stratum.compute.sql.analyze;

import io.stratum.compute.exec.ModifyingCte;
import io.stratum.compute.exec.PlanNode;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.Cte;
import io.stratum.compute.sql.ast.Delete;
import io.stratum.compute.sql.ast.Insert;
import io.stratum.compute.sql.ast.TableRef;
import io.stratum.compute.sql.ast.Update;
import io.stratum.compute.sql.ast.With;
import java.util.List;

/**
 * Data-modifying statements in WITH ({@code WITH d AS (DELETE ... RETURNING *) INSERT INTO t SELECT * FROM d}),
 * and the rules of where one may stand, written once here as PostgreSQL 15 has them:
 * <ul>
 * <li>only in the WITH of the top-level statement, a query, INSERT, UPDATE or DELETE (0A000 "WITH clause
 *     containing a data-modifying statement must be at the top level" in a subquery, a FROM item, a CTE's own WITH,
 *     INSERT's SELECT);</li>
 * <li>not as a self-referencing CTE of WITH RECURSIVE (42P19);</li>
 * <li>referenced only when it has RETURNING ({@link #readable}; 0A000 "WITH query "x" does not have a RETURNING
 *     clause");</li>
 * <li>not in a view ({@link #forbidIn}; 0A000 "views must not contain data-modifying statements in WITH").</li>
 * </ul>
 * Each is bound as the top-level statement would be (its plan), registered with the statement
 * ({@link BindContext#modifying()}) so it runs exactly once (see {@link ModifyingCte}); references read its
 * RETURNING rows.
 */
public final class ModifyingCtes {
    private ModifyingCtes() {
    }

    /** Binds data-modifying CTE {@code c} of {@code with}; {@code top}: whether the WITH is the top-level statement's. */
    static Binder.Cte bind(final Binder b, final Cte c, final With with, final boolean top) {
        if (!top) {
            throw new SqlException("0A000", "WITH clause containing a data-modifying statement must be at the top level", null,
                null, c.pos() + 1, null);
        }
        if (with.recursive() && RecursiveCtes.references(c.body(), c.name()) > 0) {
            throw new SqlException("42P19", "recursive query \"" + c.name() + "\" must not contain data-modifying statements",
                null, null, c.pos() + 1, null);
        }
        final DmlBinder db = new DmlBinder(b);
        final Object plan;
        final DmlBinder.Returning returning;
        if (c.body() instanceof Insert) {
            final DmlBinder.InsertPlan p = db.insert((Insert) c.body(), false);
            plan = p;
            returning = p.returning();
        } else if (c.body() instanceof Update) {
            final DmlBinder.UpdatePlan p = db.update((Update) c.body(), false);
            plan = p;
            returning = p.returning();
        } else {
            final DmlBinder.DeletePlan p = db.delete((Delete) c.body(), false);
            plan = p;
            returning = p.returning();
        }
        final ModifyingCte m = new ModifyingCte(c.name(), plan);
        b.ctx.modifying.add(m);
        if (returning == null) {
            return new Binder.Cte(c.name(), null);
        }
        PlanNode scan = m.scan(List.copyOf(returning.cols()));
        if (!c.columns().isEmpty()) {
            scan = Binder.rename(scan, c.columns(), "WITH query \"" + c.name() + "\"");
        }
        return new Binder.Cte(c.name(), scan);
    }

    /** 0A000 for reference {@code t} to CTE {@code c} when it is a data-modifying one without RETURNING. */
    static void readable(final Binder.Cte c, final TableRef t) {
        if (c.plan() == null) {
            throw new SqlException("0A000", "WITH query \"" + c.name() + "\" does not have a RETURNING clause", null, null,
                t.pos() + 1, null);
        }
    }

    /** 0A000 when a statement with data-modifying CTEs ({@code ctes} not empty) is a view's ({@code what}: "views"). */
    public static void forbidIn(final List<ModifyingCte> ctes, final String what) {
        if (!ctes.isEmpty()) {
            throw new SqlException("0A000", what + " must not contain data-modifying statements in WITH");
        }
    }
}
