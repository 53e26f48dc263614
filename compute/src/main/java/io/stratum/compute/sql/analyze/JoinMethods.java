package io.stratum.compute.sql.analyze;

import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.Joins;
import io.stratum.compute.exec.MergeJoin;
import io.stratum.compute.exec.PlanNode;
import io.stratum.compute.exec.Scans;
import io.stratum.compute.exec.SortNodes;
import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.util.List;

/**
 * The join method of an explicit JOIN with equi-join keys (hash, or merge under {@code enable_hashjoin = off}), the
 * inputs of a merge join (each sorted on its keys unless an index scan gives their order already), and
 * PostgreSQL's rule that a FULL JOIN needs merge- or hash-joinable conditions. Stateless.
 */
final class JoinMethods {
    private JoinMethods() {
    }

    /**
     * Whether a merge join may take this join filter: PostgreSQL's merge join returns the unmatched rows of a right
     * or full join only when every condition is a merge clause (or a constant).
     */
    static boolean mergeable(final Joins.Kind kind, final Expr residual) {
        return kind == Joins.Kind.INNER || kind == Joins.Kind.LEFT || residual == null || residual.isConstant();
    }

    /** An explicit join on keys: a hash join, or a merge join when hash joins are off and merge joins on. */
    static PlanNode keyed(final BindContext ctx, final Joins.Kind kind, final PlanNode l, final PlanNode r,
                          final List<Expr> leftKeys, final List<Expr> rightKeys, final Expr residual) {
        if (!ctx.hashJoins && ctx.mergeJoins && mergeable(kind, residual)) {
            return merge(kind, l, r, leftKeys, rightKeys, residual);
        }
        return new Joins.Hash(kind, l, r, leftKeys, rightKeys, residual);
    }

    /** A merge join of {@code l} and {@code r}, each sorted on its keys unless already in their order. */
    static PlanNode merge(final Joins.Kind kind, final PlanNode l, final PlanNode r, final List<Expr> leftKeys,
                          final List<Expr> rightKeys, final Expr residual) {
        return new MergeJoin(kind, sorted(l, leftKeys), sorted(r, rightKeys), leftKeys, rightKeys, residual);
    }

    private static PlanNode sorted(final PlanNode p, final List<Expr> keys) {
        return ordered(p, keys) ? p : new SortNodes.Sort(p, MergeJoin.order(keys));
    }

    /**
     * Whether {@code p} returns its rows ascending on {@code keys}, NULLs last, as the merge join compares them: an
     * index scan whose leading key is {@code keys}' only column, of a type whose index order is ORDER BY's.
     */
    static boolean ordered(final PlanNode p, final List<Expr> keys) {
        if (keys.size() != 1 || !(keys.get(0) instanceof Exprs.Col)) {
            return false;
        }
        final IndexDef ix = p instanceof Scans.IndexScan ? ((Scans.IndexScan) p).index() : null;
        return ix != null && ix.keyAttnums()[0] == ((Exprs.Col) keys.get(0)).index + 1 && indexOrdered(keys.get(0).type());
    }

    /**
     * Types whose index order (KeyCodec's bytes) is exactly ORDER BY's: numbers and dates (strings are left out: the
     * index orders them by code point, ORDER BY by UTF-16 unit).
     */
    static boolean indexOrdered(final PgType t) {
        return (SqlTypes.numericRank(t) >= 0 && !SqlTypes.isOidLike(t)) || t == PgType.DATE;
    }

    /**
     * PostgreSQL plans a FULL JOIN only by merge or hash join: with no equality between the two sides, a condition
     * other than a constant is refused (0A000).
     */
    static void checkFull(final Joins.Kind kind, final boolean keyed, final Expr residual) {
        if (kind == Joins.Kind.FULL && !keyed && residual != null && !residual.isConstant()) {
            throw new SqlException("0A000", "FULL JOIN is only supported with merge-joinable or hash-joinable join conditions");
        }
    }
}
