package io.stratum.compute.exec;

import java.util.List;

/** A node of an executable plan; {@link #open} starts one execution (nodes can be opened many times). */
public abstract class PlanNode {
    protected final List<OutCol> columns;

    protected PlanNode(final List<OutCol> columns) {
        this.columns = columns;
    }

    public List<OutCol> columns() {
        return columns;
    }

    public abstract Cursor open(ExecContext cx);

    /** Set while EXPLAIN ANALYZE prints this node: its actual rows and times, and the counters behind them. */
    String actual;
    Instrument instrument;

    /** Opens one execution as a parent does: counted when the statement runs under EXPLAIN ANALYZE. */
    public final Cursor start(final ExecContext cx) {
        final Instrument in = cx.instrument();
        return in == null ? open(cx) : in.wrap(this, cx);
    }

    /** One EXPLAIN line for this node (without children). */
    public abstract String label();

    /** Extra EXPLAIN lines (Filter:, Index Cond:, ...). */
    public List<String> details() {
        return List.of();
    }

    public abstract List<PlanNode> children();

    /** Appends this node and its children as EXPLAIN prints them. */
    public void explain(final List<String> out, final int depth) {
        final String pad = depth == 0 ? "" : " ".repeat(depth * 6 - 4) + "->  ";
        out.add(pad + label() + (actual == null ? "" : actual));
        final String dpad = " ".repeat(depth == 0 ? 2 : depth * 6 + 2);
        for (final String d : details()) {
            out.add(dpad + d);
        }
        for (final PlanNode c : children()) {
            c.explain(out, depth + 1);
        }
    }

    /** A cursor over a fixed list that hands out a copy of each row (consumers may overwrite the row they get). */
    public static Cursor copyCursor(final List<Object[]> rows) {
        return new Cursor() {
            private int i;

            @Override
            public Object[] next() {
                return i < rows.size() ? rows.get(i++).clone() : null;
            }

            @Override
            public void close() {
            }
        };
    }

    /** A cursor over a fixed list. */
    public static Cursor listCursor(final List<Object[]> rows) {
        return new Cursor() {
            private int i;

            @Override
            public Object[] next() {
                return i < rows.size() ? rows.get(i++) : null;
            }

            @Override
            public void close() {
            }
        };
    }
}
