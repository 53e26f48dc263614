package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The simple plan operators: result, values, source, filter, project, limit. */
public final class Nodes {
    private Nodes() {
    }

    /** One empty row (SELECT without FROM). */
    public static final class Result extends PlanNode {
        public Result() {
            super(List.of());
        }

        @Override
        public Cursor open(final ExecContext cx) {
            return listCursor(List.<Object[]>of(new Object[0]));
        }

        @Override
        public String label() {
            return "Result";
        }

        @Override
        public List<PlanNode> children() {
            return List.of();
        }
    }

    /** VALUES rows (expressions evaluated at open). */
    public static final class ValuesScan extends PlanNode {
        final List<Expr[]> rows;

        public ValuesScan(final List<OutCol> cols, final List<Expr[]> rows) {
            super(cols);
            this.rows = rows;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            return new Cursor() {
                int i;

                @Override
                public Object[] next() {
                    if (i >= rows.size()) {
                        return null;
                    }
                    final Expr[] r = rows.get(i++);
                    final Object[] out = new Object[r.length];
                    for (int k = 0; k < r.length; k++) {
                        out[k] = r[k].eval(null, cx);
                    }
                    return out;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public String label() {
            return "Values Scan on \"*VALUES*\"";
        }

        @Override
        public List<PlanNode> children() {
            return List.of();
        }
    }

    /** A leaf whose rows come from a function of the context (table scans, system relations, SRFs). */
    public static final class Source extends PlanNode {
        final String label;
        final List<String> details;
        final Function<ExecContext, Cursor> opener;

        public Source(final String label, final List<OutCol> cols, final List<String> details,
                      final Function<ExecContext, Cursor> opener) {
            super(cols);
            this.label = label;
            this.details = details;
            this.opener = opener;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            return opener.apply(cx);
        }

        @Override
        public String label() {
            return label;
        }

        @Override
        public List<String> details() {
            return details;
        }

        @Override
        public List<PlanNode> children() {
            return List.of();
        }
    }

    public static final class Filter extends PlanNode {
        final PlanNode input;
        final Expr predicate;

        public Filter(final PlanNode input, final Expr predicate) {
            super(input.columns());
            this.input = input;
            this.predicate = predicate;
        }

        public PlanNode input() {
            return input;
        }

        public Expr predicate() {
            return predicate;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            final Cursor in = input.start(cx);
            return new Cursor() {
                @Override
                public Object[] next() {
                    Object[] r;
                    while ((r = in.next()) != null) {
                        cx.check();
                        if (Boolean.TRUE.equals(predicate.eval(r, cx))) {
                            return r;
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
            return "Filter";
        }

        @Override
        public void explain(final List<String> out, final int depth) {
            // PostgreSQL prints the filter under the node it applies to
            final List<String> sub = new ArrayList<>();
            input.explain(sub, depth);
            String first = sub.get(0);
            final String pad = " ".repeat(depth == 0 ? 2 : depth * 6 + 2);
            if (actual != null && input.actual != null && first.endsWith(input.actual)) {
                // EXPLAIN ANALYZE: the filtered node's line shows the rows that passed, as PostgreSQL's
                first = first.substring(0, first.length() - input.actual.length()) + actual;
            }
            out.add(first);
            out.add(pad + "Filter: " + predicate.explain());
            if (instrument != null && instrument.rows(this) >= 0 && instrument.rows(input) >= 0) {
                out.add(pad + "Rows Removed by Filter: " + (instrument.rows(input) - instrument.rows(this)));
            }
            out.addAll(sub.subList(1, sub.size()));
        }

        @Override
        public List<PlanNode> children() {
            return List.of(input);
        }
    }

    public static final class Project extends PlanNode {
        final PlanNode input;
        final Expr[] exprs;

        public Project(final PlanNode input, final List<OutCol> cols, final List<Expr> exprs) {
            super(cols);
            this.input = input;
            this.exprs = exprs.toArray(new Expr[0]);
        }

        @Override
        public Cursor open(final ExecContext cx) {
            final Cursor in = input.start(cx);
            return new Cursor() {
                @Override
                public Object[] next() {
                    final Object[] r = in.next();
                    if (r == null) {
                        return null;
                    }
                    final Object[] out = new Object[exprs.length];
                    for (int k = 0; k < out.length; k++) {
                        out[k] = exprs[k].eval(r, cx);
                    }
                    return out;
                }

                @Override
                public void close() {
                    in.close();
                }
            };
        }

        @Override
        public String label() {
            return "Project";
        }

        @Override
        public void explain(final List<String> out, final int depth) {
            input.explain(out, depth);
        }

        @Override
        public List<PlanNode> children() {
            return List.of(input);
        }
    }

    public static final class Limit extends PlanNode {
        final PlanNode input;
        final Expr limit;
        final Expr offset;

        public Limit(final PlanNode input, final Expr limit, final Expr offset) {
            super(input.columns());
            this.input = input;
            this.limit = limit;
            this.offset = offset;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            final long lim = bound(limit, cx, Long.MAX_VALUE, "LIMIT");
            final long off = bound(offset, cx, 0, "OFFSET");
            // a sort right below (or below the trim of its junk key columns) needs only its first rows
            final PlanNode below = input instanceof Trim t ? t.input : input;
            if (below instanceof SortNodes.Sort && lim <= SortNodes.TOP_N_MAX && off <= SortNodes.TOP_N_MAX) {
                cx.boundNextSort(lim + off);
            }
            final Cursor in = input.start(cx);
            return new Cursor() {
                long skipped;
                long returned;

                @Override
                public Object[] next() {
                    if (returned >= lim) {
                        return null;
                    }
                    Object[] r;
                    while (skipped < off) {
                        if (in.next() == null) {
                            return null;
                        }
                        skipped++;
                    }
                    r = in.next();
                    if (r != null) {
                        returned++;
                    }
                    return r;
                }

                @Override
                public void close() {
                    in.close();
                }
            };
        }

        private static long bound(final Expr e, final ExecContext cx, final long dflt, final String what) {
            if (e == null) {
                return dflt;
            }
            final Object v = e.eval(null, cx);
            if (v == null) {
                return dflt;
            }
            final long n = ((Number) Casts.cast(v, io.stratum.compute.types.PgType.INT8, -1, cx.zone())).longValue();
            if (n < 0) {
                throw new SqlException(what.equals("OFFSET") ? "2201X" : "2201W", what + " must not be negative");
            }
            return n;
        }

        @Override
        public String label() {
            return "Limit";
        }

        @Override
        public List<PlanNode> children() {
            return List.of(input);
        }
    }

    /** Drops trailing (resjunk) columns. */
    public static final class Trim extends PlanNode {
        final PlanNode input;
        final int width;

        public Trim(final PlanNode input, final int width) {
            super(input.columns().subList(0, width));
            this.input = input;
            this.width = width;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            final Cursor in = input.start(cx);
            return new Cursor() {
                @Override
                public Object[] next() {
                    final Object[] r = in.next();
                    return r == null ? null : java.util.Arrays.copyOf(r, width);
                }

                @Override
                public void close() {
                    in.close();
                }
            };
        }

        @Override
        public String label() {
            return "Trim";
        }

        @Override
        public void explain(final List<String> out, final int depth) {
            input.explain(out, depth);
        }

        @Override
        public List<PlanNode> children() {
            return List.of(input);
        }
    }

    /** Renames the output columns of a plan (derived tables, column aliases) without touching rows. */
    public static final class Alias extends PlanNode {
        final PlanNode input;

        public Alias(final PlanNode input, final List<OutCol> cols) {
            super(cols);
            this.input = input;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            return input.start(cx);
        }

        @Override
        public String label() {
            return "Subquery Scan";
        }

        @Override
        public void explain(final List<String> out, final int depth) {
            input.explain(out, depth);
        }

        @Override
        public List<PlanNode> children() {
            return List.of(input);
        }
    }
}
