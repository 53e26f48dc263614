package io.stratum.compute.sql.analyze;

import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.Exprs;
import io.stratum.compute.exec.PlanExprs;
import io.stratum.compute.exec.PlanNode;
import io.stratum.compute.exec.Scans;
import io.stratum.compute.exec.SqlTypes;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses an index scan for a table's conjuncts: equality on the longest prefix of an index's key columns
 * (pgbench's {@code where aid = $1}), else a range on its first column. Bounds must not depend on the row.
 */
final class IndexChoice {
    private IndexChoice() {
    }

    /** A {@code col op value} conjunct with the value independent of the row. */
    private record Pred(int column, String op, Expr value, Expr conjunct) {
    }

    /** The chosen scan and the conjuncts its bounds enforce exactly (left out of the filter). */
    record Choice(PlanNode scan, List<Expr> enforced) {
    }

    private static boolean rowFree(final Expr e) {
        return PlanExprs.rowFree(e) || (e instanceof Exprs.Cast && e.isConstant());
    }

    private static String flip(final String op) {
        switch (op) {
            case "<": return ">";
            case "<=": return ">=";
            case ">": return "<";
            case ">=": return "<=";
            default: return op;
        }
    }

    private static List<Pred> preds(final List<Expr> conjuncts, final TableDef t) {
        final List<Pred> out = new ArrayList<>();
        for (final Expr c : conjuncts) {
            if (!(c instanceof Exprs.Cmp)) {
                continue;
            }
            final Exprs.Cmp cmp = (Exprs.Cmp) c;
            if (cmp.op.equals("<>")) {
                continue;
            }
            Expr col = cmp.left;
            Expr val = cmp.right;
            String op = cmp.op;
            if (!(col instanceof Exprs.Col) && val instanceof Exprs.Col) {
                col = cmp.right;
                val = cmp.left;
                op = flip(op);
            }
            if (!(col instanceof Exprs.Col) || !rowFree(val)) {
                continue;
            }
            final int idx = ((Exprs.Col) col).index;
            if (idx >= t.columns().size()) {
                continue;
            }
            final PgType ct = t.columns().get(idx).type();
            if (!compatible(val.type(), ct)) {
                continue;
            }
            out.add(new Pred(idx, op, val, c));
        }
        return out;
    }

    static boolean compatible(final PgType v, final PgType col) {
        if (v == col) {
            return true;
        }
        final int rv = SqlTypes.numericRank(v);
        final int rc = SqlTypes.numericRank(col);
        if (rv >= 0 && rc >= 0 && rv <= 2 && rc <= 2) {
            return rv <= rc && !SqlTypes.isOidLike(v) == !SqlTypes.isOidLike(col);
        }
        return SqlTypes.isString(v) && SqlTypes.isString(col) && col != PgType.BPCHAR && col != PgType.CHAR;
    }

    static Choice choose(final Scans.TableScan scan, final List<Expr> conjuncts, final BindContext ctx, final boolean withTid) {
        final TableDef t = scan.table();
        if (t.indexes().isEmpty()) {
            return null;
        }
        final List<Pred> ps = preds(conjuncts, t);
        if (ps.isEmpty()) {
            return null;
        }
        IndexDef best = null;
        List<Pred> bestEq = List.of();
        for (final IndexDef i : t.indexes()) {
            final List<Pred> eq = new ArrayList<>();
            for (final int attnum : i.keyAttnums()) {
                Pred found = null;
                for (final Pred p : ps) {
                    if (p.column() == attnum - 1 && p.op().equals("=")) {
                        found = p;
                        break;
                    }
                }
                if (found == null) {
                    break;
                }
                eq.add(found);
            }
            if (eq.size() > bestEq.size() || (eq.size() == bestEq.size() && !eq.isEmpty() && i.unique() && eq.size() == i.keyAttnums().length)) {
                best = i;
                bestEq = eq;
            }
        }
        final List<io.stratum.compute.exec.OutCol> cols = scan.columns().subList(0, t.columns().size());
        if (best != null && !bestEq.isEmpty()) {
            final Expr[] keys = new Expr[bestEq.size()];
            final StringBuilder cond = new StringBuilder("(");
            for (int k = 0; k < keys.length; k++) {
                final Pred p = bestEq.get(k);
                keys[k] = Coerce.to(p.value(), t.columns().get(p.column()).type(), ctx);
                cond.append(k > 0 ? " AND " : "").append(t.columns().get(p.column()).name()).append(" = ").append(p.value().explain());
            }
            final List<Expr> used = new ArrayList<>();
            bestEq.forEach(p -> used.add(p.conjunct()));
            return new Choice(new Scans.IndexScan(t, best, aliasOf(scan), cols, keys, true, keys, true, withTid,
                cond.append(')').toString()), used);
        }
        // range on the first key column of some index
        for (final IndexDef i : t.indexes()) {
            final int c0 = i.keyAttnums()[0] - 1;
            Pred lo = null;
            Pred hi = null;
            for (final Pred p : ps) {
                if (p.column() != c0) {
                    continue;
                }
                if ((p.op().equals(">") || p.op().equals(">=")) && lo == null) {
                    lo = p;
                } else if ((p.op().equals("<") || p.op().equals("<=")) && hi == null) {
                    hi = p;
                }
            }
            if (lo == null && hi == null) {
                continue;
            }
            final PgType ct = t.columns().get(c0).type();
            final Expr[] low = lo == null ? new Expr[0] : new Expr[] {Coerce.to(lo.value(), ct, ctx)};
            final Expr[] high = hi == null ? new Expr[0] : new Expr[] {Coerce.to(hi.value(), ct, ctx)};
            final String name = t.columns().get(c0).name();
            final String cond = "(" + (lo == null ? "" : name + " " + lo.op() + " " + lo.value().explain())
                + (lo != null && hi != null ? " AND " : "") + (hi == null ? "" : name + " " + hi.op() + " " + hi.value().explain()) + ")";
            final List<Expr> used = new ArrayList<>();
            if (lo != null) {
                used.add(lo.conjunct());
            }
            if (hi != null) {
                used.add(hi.conjunct());
            }
            return new Choice(new Scans.IndexScan(t, i, aliasOf(scan), cols, low, lo == null || lo.op().equals(">="), high,
                hi == null || hi.op().equals("<="), withTid, cond), used);
        }
        return null;
    }

    private static String aliasOf(final Scans.TableScan scan) {
        return scan.alias();
    }
}
