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
 * Chooses an index scan for a table's conjuncts: equality on the longest prefix of an index's keys
 * (pgbench's {@code where aid = $1}), else a range on its first key. A key is a column or, for an expression
 * index, an expression that a conjunct compares printed the same way ({@code lower(email) = $1}); a partial index
 * is a candidate only when the conjuncts imply its predicate ({@link IndexExprs#implied}), and its predicate's
 * conjuncts among them are then enforced by the scan. Bounds must not depend on the row.
 */
final class IndexChoice {
    private IndexChoice() {
    }

    /**
     * A {@code key op value} conjunct with the value independent of the row; {@code key} names a column
     * ({@code #index}) or an expression (its printed form), {@code type} the key's type.
     */
    private record Pred(String key, PgType type, String op, Expr value, Expr conjunct) {
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

    private static String columnKey(final int index) {
        return "#" + index;
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
            if (rowFree(col) && !rowFree(val)) {
                col = cmp.right;
                val = cmp.left;
                op = flip(op);
            }
            if (rowFree(col) || !rowFree(val)) {
                continue;
            }
            if (col instanceof Exprs.Col) {
                final int idx = ((Exprs.Col) col).index;
                if (idx >= t.columns().size()) {
                    continue;
                }
                final PgType ct = t.columns().get(idx).type();
                if (compatible(val.type(), ct)) {
                    out.add(new Pred(columnKey(idx), ct, op, val, c));
                }
            } else if (compatible(val.type(), col.type())) {
                // an expression of the row: matches an expression index key printed the same way
                out.add(new Pred(col.explain(), col.type(), op, val, c));
            }
        }
        return out;
    }

    /** Key {@code k} of index {@code i} as EXPLAIN's Index Cond names it: the column, or the expression's text. */
    private static String keyLabel(final TableDef t, final IndexDef i, final int k) {
        final int[] attnums = i.keyAttnums();
        if (attnums[k] > 0) {
            return t.columns().get(attnums[k] - 1).name();
        }
        int e = 0;
        for (int j = 0; j < k; j++) {
            e += attnums[j] == 0 ? 1 : 0;
        }
        return i.exprs().get(e);
    }

    /** The key of each position of index {@code i}: {@code #column} or an expression's printed form. */
    private static String[] indexKeys(final TableDef t, final String alias, final IndexDef i, final BindContext ctx) {
        final int[] attnums = i.keyAttnums();
        final String[] out = new String[attnums.length];
        final Expr[] exprs = i.exprs().isEmpty() ? new Expr[0] : IndexExprs.keys(t, alias, i, ctx);
        int e = 0;
        for (int k = 0; k < attnums.length; k++) {
            out[k] = attnums[k] > 0 ? columnKey(attnums[k] - 1) : exprs[e++].explain();
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
        // a partial index only when the conjuncts imply its predicate
        final List<IndexDef> usable = new ArrayList<>();
        final List<String[]> keysOf = new ArrayList<>();
        for (final IndexDef i : t.indexes()) {
            if (IndexExprs.implied(t, scan.alias(), i, conjuncts, ctx)) {
                usable.add(i);
                keysOf.add(indexKeys(t, scan.alias(), i, ctx));
            }
        }
        IndexDef best = null;
        List<Pred> bestEq = List.of();
        for (int n = 0; n < usable.size(); n++) {
            final IndexDef i = usable.get(n);
            final List<Pred> eq = new ArrayList<>();
            for (final String key : keysOf.get(n)) {
                Pred found = null;
                for (final Pred p : ps) {
                    if (p.key().equals(key) && p.op().equals("=")) {
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
                keys[k] = Coerce.to(p.value(), p.type(), ctx);
                cond.append(k > 0 ? " AND " : "").append(keyLabel(t, best, k)).append(" = ").append(p.value().explain());
            }
            final List<Expr> used = new ArrayList<>();
            bestEq.forEach(p -> used.add(p.conjunct()));
            used.addAll(IndexExprs.predicateConjuncts(t, scan.alias(), best, conjuncts, ctx));
            return new Choice(new Scans.IndexScan(t, best, aliasOf(scan), cols, keys, true, keys, true, withTid,
                cond.append(')').toString()), used);
        }
        // range on the first key of some index
        for (int n = 0; n < usable.size(); n++) {
            final IndexDef i = usable.get(n);
            final String k0 = keysOf.get(n)[0];
            Pred lo = null;
            Pred hi = null;
            for (final Pred p : ps) {
                if (!p.key().equals(k0)) {
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
            final PgType ct = (lo != null ? lo : hi).type();
            final Expr[] low = lo == null ? new Expr[0] : new Expr[] {Coerce.to(lo.value(), ct, ctx)};
            final Expr[] high = hi == null ? new Expr[0] : new Expr[] {Coerce.to(hi.value(), ct, ctx)};
            final String name = keyLabel(t, i, 0);
            final String cond = "(" + (lo == null ? "" : name + " " + lo.op() + " " + lo.value().explain())
                + (lo != null && hi != null ? " AND " : "") + (hi == null ? "" : name + " " + hi.op() + " " + hi.value().explain()) + ")";
            final List<Expr> used = new ArrayList<>();
            if (lo != null) {
                used.add(lo.conjunct());
            }
            if (hi != null) {
                used.add(hi.conjunct());
            }
            used.addAll(IndexExprs.predicateConjuncts(t, scan.alias(), i, conjuncts, ctx));
            return new Choice(new Scans.IndexScan(t, i, aliasOf(scan), cols, low, lo == null || lo.op().equals(">="), high,
                hi == null || hi.op().equals("<="), withTid, cond), used);
        }
        return null;
    }

    private static String aliasOf(final Scans.TableScan scan) {
        return scan.alias();
    }
}
