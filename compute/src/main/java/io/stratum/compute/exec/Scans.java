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

    /** {@code in}'s rows that pass every test (the environments without staged decoding). */
    static RowCursor filtered(final RowCursor in, final io.stratum.compute.storage.TableAccess.RowTest[] stages) {
        return new RowCursor() {
            @Override
            public boolean next() {
                outer:
                while (in.next()) {
                    for (final io.stratum.compute.storage.TableAccess.RowTest t : stages) {
                        if (!t.test(in.row())) {
                            continue outer;
                        }
                    }
                    return true;
                }
                return false;
            }

            @Override
            public long tid() {
                return in.tid();
            }

            @Override
            public Object[] row() {
                return in.row();
            }

            @Override
            public void close() {
                in.close();
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
        /** Conjuncts applied while decoding, or null. */
        final ScanStages stages;

        public TableScan(final TableDef table, final String alias, final List<OutCol> cols, final boolean withTid) {
            this(table, alias, cols, withTid, null, null);
        }

        private TableScan(final TableDef table, final String alias, final List<OutCol> cols, final boolean withTid,
                          final boolean[] wanted, final ScanStages stages) {
            super(cols(cols, withTid));
            this.table = table;
            this.alias = alias;
            this.withTid = withTid;
            this.wanted = wanted;
            this.stages = stages;
        }

        /** This scan decoding only the columns {@code wanted} marks (a query that reads a few of a wide row's). */
        public TableScan reading(final boolean[] wanted) {
            return new TableScan(table, alias, columns.subList(0, table.columns().size()), withTid, wanted.clone(), stages);
        }

        /** The columns this scan decodes, or null for all. */
        public boolean[] wanted() {
            return wanted == null ? null : wanted.clone();
        }

        /**
         * This scan applying {@code conjuncts} (over its row) while it decodes: those on fixed-width columns first,
         * each decoding only the columns it reads, so a row that fails is not decoded further (EXPLAIN: Filter).
         */
        public TableScan filtering(final List<Expr> conjuncts) {
            return new TableScan(table, alias, columns.subList(0, table.columns().size()), withTid, wanted,
                ScanStages.of(table, wanted, conjuncts));
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
                return adapt(cx.env().scanStaged(table, wanted, stages.columns, stages.tests(this, table, cx)),
                    table.columns().size(), withTid, cx);
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
            return stages == null ? List.of() : stages.details(this);
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
        /** The columns decoded (the others read null), or null for all; conjuncts applied while decoding, or null. */
        final boolean[] wanted;
        final ScanStages stages;

        public IndexScan(final TableDef table, final IndexDef index, final String alias, final List<OutCol> cols,
                         final Expr[] low, final boolean lowInclusive, final Expr[] high, final boolean highInclusive,
                         final boolean withTid, final String cond) {
            this(table, index, alias, cols, low, lowInclusive, high, highInclusive, withTid, cond, null, null);
        }

        private IndexScan(final TableDef table, final IndexDef index, final String alias, final List<OutCol> cols,
                          final Expr[] low, final boolean lowInclusive, final Expr[] high, final boolean highInclusive,
                          final boolean withTid, final String cond, final boolean[] wanted, final ScanStages stages) {
            super(cols(cols, withTid));
            this.wanted = wanted;
            this.stages = stages;
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

        public IndexDef index() {
            return index;
        }

        /** This scan decoding only the columns {@code wanted} marks (null: all), as {@link TableScan#reading}. */
        public IndexScan reading(final boolean[] wanted) {
            return new IndexScan(table, index, alias, columns.subList(0, table.columns().size()), low, lowInclusive, high,
                highInclusive, withTid, cond, wanted == null ? null : wanted.clone(), stages);
        }

        /** This scan applying {@code conjuncts} to each version it fetches while decoding, as {@link TableScan#filtering}. */
        public IndexScan filtering(final List<Expr> conjuncts) {
            return new IndexScan(table, index, alias, columns.subList(0, table.columns().size()), low, lowInclusive, high,
                highInclusive, withTid, cond, wanted, ScanStages.of(table, wanted, conjuncts));
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
            if (wanted == null && stages == null) {
                return adapt(cx.env().indexScan(table, index, lo, lo.length, lowInclusive, hi, hi.length, highInclusive),
                    table.columns().size(), withTid, cx);
            }
            return adapt(cx.env().indexScan(table, index, lo, lo.length, lowInclusive, hi, hi.length, highInclusive, wanted,
                stages == null ? null : stages.columns, stages == null ? null : stages.tests(this, table, cx)),
                table.columns().size(), withTid, cx);
        }

        @Override
        public String label() {
            return "Index Scan using " + index.name() + " on " + table.name() + (alias != null && !alias.equals(table.name())
                ? " " + alias : "");
        }

        @Override
        public List<String> details() {
            if (stages == null) {
                return cond == null ? List.of() : List.of("Index Cond: " + cond);
            }
            final List<String> d = new ArrayList<>();
            if (cond != null) {
                d.add("Index Cond: " + cond); // none for a whole index read in key order
            }
            d.addAll(stages.details(this));
            return d;
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
