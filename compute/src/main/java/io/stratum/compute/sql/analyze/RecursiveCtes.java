package io.stratum.compute.sql.analyze;

import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.Nodes;
import io.stratum.compute.exec.OutCol;
import io.stratum.compute.exec.PlanNode;
import io.stratum.compute.exec.Recursive;
import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.Query;
import io.stratum.compute.sql.ast.SetOp;
import io.stratum.compute.sql.ast.SetOpKind;
import io.stratum.compute.sql.ast.TableRef;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Binds a self-referencing CTE of {@code WITH RECURSIVE}: {@code non-recursive-term UNION [ALL]
 * recursive-term}, the column types fixed by the non-recursive term (PostgreSQL's rules and errors, 42P19 and
 * 42804), the self-reference bound to the working table.
 */
final class RecursiveCtes {
    private RecursiveCtes() {
    }

    /** How many times {@code name} is referenced, unqualified, as a table in {@code n}. */
    static int references(final Object n, final String name) {
        if (n instanceof List) {
            int k = 0;
            for (final Object o : (List<?>) n) {
                k += references(o, name);
            }
            return k;
        }
        if (!(n instanceof io.stratum.compute.sql.ast.Node) || !n.getClass().isRecord()) {
            return 0;
        }
        if (n instanceof TableRef) {
            return ((TableRef) n).schema() == null && ((TableRef) n).name().name().equals(name) ? 1 : 0;
        }
        int k = 0;
        for (final java.lang.reflect.RecordComponent c : n.getClass().getRecordComponents()) {
            try {
                k += references(c.getAccessor().invoke(n), name);
            } catch (final ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return k;
    }

    static PlanNode bind(final Binder b, final io.stratum.compute.sql.ast.Cte c, final Scope outer,
                         final Map<String, Binder.Cte> ctes) {
        final Query q = c.query();
        if (!(q.body() instanceof SetOp) || ((SetOp) q.body()).kind() != SetOpKind.UNION || q.with() != null
            || !q.orderBy().isEmpty() || q.limit() != null || q.offset() != null) {
            throw new SqlException("42P19", "recursive query \"" + c.name() + "\" does not have the form non-recursive-term UNION "
                + "[ALL] recursive-term", null, null, c.pos() + 1, null);
        }
        final SetOp u = (SetOp) q.body();
        if (references(u.left(), c.name()) > 0) {
            throw new SqlException("42P19", "recursive reference to query \"" + c.name() + "\" must not appear within its "
                + "non-recursive term", null, null, c.pos() + 1, null);
        }
        if (references(u.right(), c.name()) > 1) {
            throw new SqlException("42P19", "recursive reference to query \"" + c.name() + "\" must not appear more than once",
                null, null, c.pos() + 1, null);
        }
        PlanNode initial = b.bindBody(u.left(), outer);
        final List<OutCol> cols = new ArrayList<>();
        final List<Expr> casts = new ArrayList<>();
        boolean cast = false;
        for (int i = 0; i < initial.columns().size(); i++) {
            final OutCol col = initial.columns().get(i);
            final String name = i < c.columns().size() ? c.columns().get(i) : col.name();
            final PgType t = col.type() == PgType.UNKNOWN ? PgType.TEXT : col.type();
            cols.add(new OutCol(name, t, col.typmod(), 0, 0));
            final Expr x = new Exprs.Col(i, col.type(), col.name());
            casts.add(t == col.type() ? x : Coerce.to(x, t, b.ctx));
            cast |= t != col.type();
        }
        if (c.columns().size() > cols.size()) {
            throw new SqlException("42P10", "WITH query \"" + c.name() + "\" has " + cols.size() + " columns available but "
                + c.columns().size() + " columns specified", null, null, c.pos() + 1, null);
        }
        initial = cast ? new Nodes.Project(initial, cols, casts) : new Nodes.Alias(initial, cols);
        final Recursive.WorkTable wt = new Recursive.WorkTable();
        ctes.put(c.name(), new Binder.Cte(c.name(), new Recursive.WorkScan(wt, c.name(), cols)));
        PlanNode step = b.bindBody(u.right(), outer);
        if (step.columns().size() != cols.size()) {
            throw new SqlException("42601", "each UNION query must have the same number of columns", null, null, u.pos() + 1, null);
        }
        final List<Expr> se = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            final PgType want = cols.get(i).type();
            final OutCol got = step.columns().get(i);
            final Expr y = new Exprs.Col(i, got.type(), got.name());
            if (got.type() == want) {
                se.add(y);
                continue;
            }
            final boolean untyped = got.type() == PgType.UNKNOWN || got.type() == PgType.TEXT && Binder.untyped(u.right(), i);
            final PgType common = untyped ? want : Coerce.commonOf(want, got.type(), "UNION", u.pos());
            if (common != want) {
                throw new SqlException("42804", "recursive query \"" + c.name() + "\" column " + (i + 1) + " has type "
                    + SqlTypes.displayName(want) + " in non-recursive term but type " + SqlTypes.displayName(common) + " overall",
                    null, "Cast the output of the non-recursive term to the correct type.", u.left().pos() + 1, null);
            }
            se.add(Coerce.to(y, want, b.ctx));
        }
        step = new Nodes.Project(step, cols, se);
        return new Recursive.Union(initial, step, wt, u.all(), cols);
    }
}
