package io.stratum.compute.sql.analyze;

import io.stratum.compute.exec.PlanExprs;
import io.stratum.compute.sql.ast.And;
import io.stratum.compute.sql.ast.Expr;
import io.stratum.compute.sql.ast.Or;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Single-item restrictions implied by a WHERE conjunct that is an OR over several FROM items, as PostgreSQL's
 * {@code extract_restriction_or_clauses} derives them: when every OR branch has conjuncts on item i alone,
 * {@code (branch 1's conjuncts on i) OR (branch 2's) OR ...} holds for every row that satisfies the whole OR,
 * so item i's scan can apply it (the OR itself still runs above the join). Only conjuncts without subqueries
 * and with operators and immutable functions only are copied. Stateless.
 */
final class OrRestrictions {
    private OrRestrictions() {
    }

    /**
     * The restriction per item (null where none) implied by {@code c} over {@code items} FROM items, each
     * an AST over that item's columns; {@code itemOf} maps a column of {@code full} to its item.
     */
    static List<Expr> derive(final Binder b, final Scope full, final Expr c, final int items, final IntUnaryOperator itemOf) {
        final List<Expr> out = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            out.add(null);
        }
        if (!(c instanceof Or)) {
            return out;
        }
        final List<Expr> branches = new ArrayList<>();
        flatten(c, true, branches);
        // per branch, per item: the AND of the branch's conjuncts on that item alone
        final List<Expr[]> perBranch = new ArrayList<>();
        for (final Expr branch : branches) {
            final List<Expr> conj = new ArrayList<>();
            flatten(branch, false, conj);
            final Expr[] on = new Expr[items];
            for (final Expr x : conj) {
                final int item = itemOf(b, full, x, itemOf);
                if (item >= 0) {
                    on[item] = on[item] == null ? x : new And(on[item], x, x.pos());
                }
            }
            perBranch.add(on);
        }
        for (int i = 0; i < items; i++) {
            Expr r = null;
            boolean every = true;
            for (final Expr[] on : perBranch) {
                if (on[i] == null) {
                    every = false;
                    break;
                }
                r = r == null ? on[i] : new Or(r, on[i], c.pos());
            }
            if (every) {
                out.set(i, r);
            }
        }
        return out;
    }

    /** The item {@code x} reads alone (no subquery, immutable), or -1. */
    private static int itemOf(final Binder b, final Scope full, final Expr x, final IntUnaryOperator itemOf) {
        final int subs = b.subqueries;
        final ExprBinder eb = new ExprBinder(b, full);
        eb.clause = "WHERE";
        final io.stratum.compute.exec.Expr e;
        try {
            e = eb.bind(x);
        } catch (final RuntimeException ex) {
            return -1; // the whole conjunct reports the error when it is bound
        }
        if (b.subqueries != subs || eb.maxRef < 0 || eb.outerRef || !PlanExprs.immutable(e)) {
            return -1;
        }
        final int lo = itemOf.applyAsInt(eb.minRef);
        return lo == itemOf.applyAsInt(eb.maxRef) ? lo : -1;
    }

    /** The operands of nested ORs ({@code or}) or ANDs. */
    private static void flatten(final Expr e, final boolean or, final List<Expr> out) {
        if (or && e instanceof Or) {
            flatten(((Or) e).left(), true, out);
            flatten(((Or) e).right(), true, out);
        } else if (!or && e instanceof And) {
            flatten(((And) e).left(), false, out);
            flatten(((And) e).right(), false, out);
        } else {
            out.add(e);
        }
    }
}
