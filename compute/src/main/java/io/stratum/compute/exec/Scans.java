package io.stratum.compute.exec;

import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.catalog.pg.SystemRelation;
import io.stratum.compute.storage.RowCursor;
import java.util.ArrayList;
import java.util.List;

/** Leaf scans over tables (sequential and index) and virtual system relations, and row locking. */
public final class Scans {
    private Scans() {
    }

    /** Adapts a storage cursor; {@code withTid} appends the version's TID as a trailing column. */
    static Cursor adapt(final RowCursor rc, final int width, final boolean withTid, final ExecContext cx) {
        return new Cursor() {
            @Override
            public Object[] next() {
                cx.check();
                if (!rc.next()) {
                    return null;
                }
                final Object[] src = rc.row();
                final Object[] out = new Object[width + (withTid ? 1 : 0)];
                System.arraycopy(src, 0, out, 0, Math.min(width, src.length));
                if (withTid) {
                    out[width] = rc.tid();
                }
                return out;
            }

            @Override
            public void close() {
                rc.close();
            }
        };
    }

    static List<OutCol> cols(final List<OutCol> cols, final boolean withTid) {
        if (!withTid) {
            return cols;
        }
        final List<OutCol> c = new ArrayList<>(cols);
        c.add(OutCol.of("ctid", io.stratum.compute.types.PgType.INT8));
        return c;
    }

    public static final class TableScan extends PlanNode {
        final TableDef table;
        final String alias;
        final boolean withTid;
        /** The columns the query reads (the others are not decoded and read null), or null for all. */
        final boolean[] wanted;
        /** Conjuncts applied while decoding, cheapest columns first, and the columns each needs; or null. */
        final Expr[] stages;
        final boolean[][] stageColumns;

        public TableScan(final TableDef table, final String alias, final List<OutCol> cols, final boolean withTid) {
            this(table, alias, cols, withTid, null, null, null);
        }

        private TableScan(final TableDef table, final String alias, final List<OutCol> cols, final boolean withTid,
                          final boolean[] wanted, final Expr[] stages, final boolean[][] stageColumns) {
            super(cols(cols, withTid));
            this.table = table;
            this.alias = alias;
            this.withTid = withTid;
            this.wanted = wanted;
            this.stages = stages;
            this.stageColumns = stageColumns;
        }

        /** This scan decoding only the columns {@code wanted} marks (a query that reads a few of a wide row's). */
        public TableScan reading(final boolean[] wanted) {
            return new TableScan(table, alias, columns.subList(0, table.columns().size()), withTid, wanted.clone(), stages,
                stageColumns);
        }

        /**
         * This scan applying {@code conjuncts} (over its row) while it decodes: those on fixed-width columns first,
         * each decoding only the columns it reads, so a row that fails is not decoded further (EXPLAIN: Filter).
         */
        public TableScan filtering(final List<Expr> conjuncts) {
            final int n = table.columns().size();
            final List<Expr> order = new ArrayList<>(conjuncts);
            final java.util.Map<Expr, boolean[]> cols = new java.util.IdentityHashMap<>();
            final java.util.Map<Expr, Integer> weight = new java.util.IdentityHashMap<>();
            for (final Expr e : order) {
                final java.util.BitSet b = new java.util.BitSet();
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
            order.sort(java.util.Comparator.comparingInt(weight::get));
            final boolean[][] sc = new boolean[order.size()][];
            for (int k = 0; k < sc.length; k++) {
                sc[k] = cols.get(order.get(k));
            }
            return new TableScan(table, alias, columns.subList(0, n), withTid, wanted, order.toArray(new Expr[0]), sc);
        }

        /** Stage k's test; the first also checks for cancellation and counts the rows examined. */
        private io.stratum.compute.storage.TableAccess.RowTest stage(final int k, final ExecContext cx) {
            final Expr e = stages[k];
            final Instrument in = k == 0 ? cx.instrument() : null;
            final io.stratum.compute.storage.FieldTest r = RawFilters.compile(e, table, cx);
            final io.stratum.compute.storage.FieldTest raw = r == null || k > 0 ? r : (src, pos, len) -> {
                cx.check();
                if (in != null) {
                    in.examined(this);
                }
                return r.test(src, pos, len);
            };
            return new io.stratum.compute.storage.TableAccess.RowTest() {
                @Override
                public boolean test(final Object[] row) {
                    if (k == 0) {
                        cx.check();
                        if (in != null) {
                            in.examined(TableScan.this);
                        }
                    }
                    return Boolean.TRUE.equals(e.eval(row, cx));
                }

                @Override
                public io.stratum.compute.storage.FieldTest raw() {
                    return raw;
                }
            };
        }

        private static boolean fixed(final io.stratum.compute.types.PgType t) {
            switch (t) {
                case BOOL: case CHAR: case INT2: case INT4: case OID: case DATE: case FLOAT4: case INT8: case FLOAT8:
                case TIME: case TIMESTAMP: case TIMESTAMPTZ: case INTERVAL:
                    return true;
                default:
                    return false;
            }
        }

        public TableDef table() {
            return table;
        }

        public String alias() {
            return alias;
        }

        /** Whether rows carry the version's TID as a trailing column. */
        public boolean withTid() {
            return withTid;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            if (stages != null) {
                final io.stratum.compute.storage.TableAccess.RowTest[] tests =
                    new io.stratum.compute.storage.TableAccess.RowTest[stages.length];
                for (int k = 0; k < tests.length; k++) {
                    tests[k] = stage(k, cx);
                }
                return adapt(cx.env().scanStaged(table, wanted, stageColumns, tests), table.columns().size(), withTid, cx);
            }
            return adapt(wanted == null ? cx.env().scan(table) : cx.env().scan(table, wanted), table.columns().size(),
                withTid, cx);
        }

        @Override
        public String label() {
            return "Seq Scan on " + table.name() + (alias != null && !alias.equals(table.name()) ? " " + alias : "");
        }

        @Override
        public List<String> details() {
            if (stages == null) {
                return List.of();
            }
            final String f = "Filter: " + (stages.length == 1 ? stages[0] : new Exprs.And(List.of(stages))).explain();
            return instrument == null || instrument.rows(this) < 0 ? List.of(f)
                : List.of(f, "Rows Removed by Filter: " + (instrument.examined(this, 0) - instrument.rows(this)));
        }

        @Override
        public List<PlanNode> children() {
            return List.of();
        }
    }

    /** Index scan with bounds evaluated at open (constants, parameters, outer references). */
    public static final class IndexScan extends PlanNode {
        final TableDef table;
        final IndexDef index;
        final String alias;
        final Expr[] low;
        final boolean lowInclusive;
        final Expr[] high;
        final boolean highInclusive;
        final boolean withTid;
        final String cond;

        public IndexScan(final TableDef table, final IndexDef index, final String alias, final List<OutCol> cols,
                         final Expr[] low, final boolean lowInclusive, final Expr[] high, final boolean highInclusive,
                         final boolean withTid, final String cond) {
            super(cols(cols, withTid));
            this.table = table;
            this.index = index;
            this.alias = alias;
            this.low = low;
            this.lowInclusive = lowInclusive;
            this.high = high;
            this.highInclusive = highInclusive;
            this.withTid = withTid;
            this.cond = cond;
        }

        public TableDef table() {
            return table;
        }

        private static Object[] eval(final Expr[] es, final ExecContext cx) {
            final Object[] v = new Object[es.length];
            for (int i = 0; i < es.length; i++) {
                v[i] = es[i].eval(null, cx);
                if (v[i] == null) {
                    return null;
                }
            }
            return v;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            final Object[] lo = eval(low, cx);
            final Object[] hi = eval(high, cx);
            if (lo == null || hi == null) {
                return listCursor(List.of());
            }
            return adapt(cx.env().indexScan(table, index, lo, lo.length, lowInclusive, hi, hi.length, highInclusive),
                table.columns().size(), withTid, cx);
        }

        @Override
        public String label() {
            return "Index Scan using " + index.name() + " on " + table.name() + (alias != null && !alias.equals(table.name())
                ? " " + alias : "");
        }

        @Override
        public List<String> details() {
            return List.of("Index Cond: " + cond);
        }

        @Override
        public List<PlanNode> children() {
            return List.of();
        }
    }

    public static final class SystemScan extends PlanNode {
        final SystemRelation relation;
        final String alias;

        public SystemScan(final SystemRelation relation, final String alias, final List<OutCol> cols) {
            super(cols);
            this.relation = relation;
            this.alias = alias;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            final List<Object[]> rows = cx.env().systemRows(relation);
            final int w = columns.size();
            return new Cursor() {
                int i;

                @Override
                public Object[] next() {
                    if (i >= rows.size()) {
                        return null;
                    }
                    cx.check();
                    final Object[] r = rows.get(i++);
                    return r.length == w ? r.clone() : java.util.Arrays.copyOf(r, w);
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public String label() {
            return "Seq Scan on " + relation.name() + (alias != null && !alias.equals(relation.name()) ? " " + alias : "");
        }

        @Override
        public List<PlanNode> children() {
            return List.of();
        }
    }

    /** FOR UPDATE / FOR SHARE over rows carrying their TID at {@code tidIndex}. */
    public static final class LockRows extends PlanNode {
        final PlanNode input;
        final TableDef table;
        final int tidIndex;
        final boolean share;
        final int waitPolicy;
        final Expr recheck;

        public LockRows(final PlanNode input, final TableDef table, final int tidIndex, final boolean share,
                        final int waitPolicy, final Expr recheck) {
            super(input.columns());
            this.input = input;
            this.table = table;
            this.tidIndex = tidIndex;
            this.share = share;
            this.waitPolicy = waitPolicy;
            this.recheck = recheck;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            final Cursor in = input.start(cx);
            return new Cursor() {
                @Override
                public Object[] next() {
                    Object[] r;
                    while ((r = in.next()) != null) {
                        final Object[] locked = cx.env().lockRow(table, r, tidIndex, share, waitPolicy, recheck, cx);
                        if (locked != null) {
                            return locked;
                        }
                    }
                    return null;
                }

                @Override
                public void close() {
                    in.close();
                }
            };
        }

        @Override
        public String label() {
            return "LockRows";
        }

        @Override
        public List<PlanNode> children() {
            return List.of(input);
        }
    }

    /** Appends the values of set-returning functions in a select list: one output row per element (zipped). */
    public static final class ProjectSet extends PlanNode {
        final PlanNode input;
        final List<Expr> srfs;

        public ProjectSet(final PlanNode input, final List<Expr> srfs, final List<OutCol> cols) {
            super(cols);
            this.input = input;
            this.srfs = srfs;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            final Cursor in = input.start(cx);
            final int w = input.columns().size();
            return new Cursor() {
                Object[] cur;
                List<?>[] lists;
                int idx;
                int max;

                @Override
                @SuppressWarnings("unchecked")
                public Object[] next() {
                    while (true) {
                        if (cur != null && idx < max) {
                            final Object[] out = java.util.Arrays.copyOf(cur, w + srfs.size());
                            for (int s = 0; s < lists.length; s++) {
                                out[w + s] = lists[s] != null && idx < lists[s].size() ? lists[s].get(idx) : null;
                            }
                            idx++;
                            return out;
                        }
                        cur = in.next();
                        if (cur == null) {
                            return null;
                        }
                        lists = new List<?>[srfs.size()];
                        max = 0;
                        for (int s = 0; s < lists.length; s++) {
                            lists[s] = (List<Object>) srfs.get(s).eval(cur, cx);
                            max = Math.max(max, lists[s] == null ? 0 : lists[s].size());
                        }
                        idx = 0;
                    }
                }

                @Override
                public void close() {
                    in.close();
                }
            };
        }

        @Override
        public String label() {
            return "ProjectSet";
        }

        @Override
        public List<PlanNode> children() {
            return List.of(input);
        }
    }
}
