package io.stratum.compute.exec;

import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.storage.FieldTest;
import io.stratum.compute.storage.TableAccess;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The filter conjuncts a sequential or index scan applies while it decodes a row (storage's staged decoding):
 * ordered cheapest first (a test on the encoded bytes, then fixed-width columns, then variable ones), each with the
 * columns it reads, so a row that fails one is not decoded further. EXPLAIN shows them as the scan's Filter.
 * Immutable; the tests are made per open (parameters take their values then). Threads: none.
 */
final class ScanStages {
    final Expr[] exprs;
    final boolean[][] columns;

    private ScanStages(final Expr[] exprs, final boolean[][] columns) {
        this.exprs = exprs;
        this.columns = columns;
    }

    /** {@code conjuncts} over rows of {@code table} ordered for a scan decoding {@code wanted} (null: all). */
    static ScanStages of(final TableDef table, final boolean[] wanted, final List<Expr> conjuncts) {
        final int n = table.columns().size();
        final List<Expr> order = new ArrayList<>(conjuncts);
        final Map<Expr, boolean[]> cols = new IdentityHashMap<>();
        final Map<Expr, Integer> weight = new IdentityHashMap<>();
        for (final Expr e : order) {
            final BitSet b = new BitSet();
            final boolean known = PlanExprs.columns(e, b) && b.length() <= n;
            final boolean[] c = new boolean[n];
            // a test on the encoded bytes costs least (no values built), then fixed-width columns
            final boolean raw = known && RawFilters.compile(e, table, null) != null;
            int w = 0;
            for (int i = 0; i < n; i++) {
                c[i] = known ? b.get(i) : wanted == null || wanted[i];
                w += c[i] ? (fixed(table.columns().get(i).type()) ? (raw ? 1 : 2) : (raw ? 3 : 16)) : 0;
            }
            cols.put(e, c);
            weight.put(e, w);
        }
        order.sort(Comparator.comparingInt(weight::get));
        final boolean[][] sc = new boolean[order.size()][];
        for (int k = 0; k < sc.length; k++) {
            sc[k] = cols.get(order.get(k));
        }
        return new ScanStages(order.toArray(new Expr[0]), sc);
    }

    /** The tests of one open of {@code node}; the first also checks for cancellation and counts rows examined. */
    TableAccess.RowTest[] tests(final PlanNode node, final TableDef table, final ExecContext cx) {
        final TableAccess.RowTest[] t = new TableAccess.RowTest[exprs.length];
        for (int k = 0; k < t.length; k++) {
            t[k] = stage(node, table, k, cx);
        }
        return t;
    }

    private TableAccess.RowTest stage(final PlanNode node, final TableDef table, final int k, final ExecContext cx) {
        final Expr e = exprs[k];
        final Instrument in = k == 0 ? cx.instrument() : null;
        final FieldTest r = RawFilters.compile(e, table, cx);
        final FieldTest raw = r == null || k > 0 ? r : (src, pos, len) -> {
            cx.check();
            if (in != null) {
                in.examined(node);
            }
            return r.test(src, pos, len);
        };
        return new TableAccess.RowTest() {
            @Override
            public boolean test(final Object[] row) {
                if (k == 0) {
                    cx.check();
                    if (in != null) {
                        in.examined(node);
                    }
                }
                return Boolean.TRUE.equals(e.eval(row, cx));
            }

            @Override
            public FieldTest raw() {
                return raw;
            }
        };
    }

    /** EXPLAIN's Filter line and, under ANALYZE, the rows it removed. */
    List<String> details(final PlanNode node) {
        final String f = "Filter: " + (exprs.length == 1 ? exprs[0] : new Exprs.And(List.of(exprs))).explain();
        final Instrument instrument = node.instrument;
        return instrument == null || instrument.rows(node) < 0 ? List.of(f)
            : List.of(f, "Rows Removed by Filter: " + (instrument.examined(node, 0) - instrument.rows(node)));
    }

    private static boolean fixed(final PgType t) {
        switch (t) {
            case BOOL: case CHAR: case INT2: case INT4: case OID: case DATE: case FLOAT4: case INT8: case FLOAT8:
            case TIME: case TIMESTAMP: case TIMESTAMPTZ: case INTERVAL:
                return true;
            default:
                return false;
        }
    }
}
