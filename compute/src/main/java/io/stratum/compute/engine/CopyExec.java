package io.stratum.compute.engine;

import io.stratum.compute.catalog.ColumnDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.exec.Cursor;
import io.stratum.compute.exec.ExecContext;
import io.stratum.compute.exec.Expr;
import io.stratum.compute.exec.OutCol;
import io.stratum.compute.exec.PlanNode;
import io.stratum.compute.session.Portal;
import io.stratum.compute.session.PreparedStatement;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.analyze.Binder;
import io.stratum.compute.sql.analyze.DmlBinder;
import io.stratum.compute.sql.ast.Copy;
import io.stratum.compute.sql.ast.Option;
import io.stratum.compute.storage.TableAccess;
import io.stratum.compute.types.PgType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** COPY FROM STDIN (streaming row parse and insert) and COPY TO STDOUT, in PostgreSQL's text and CSV formats. */
final class CopyExec {
    /** Longest line accepted (a bad client cannot grow the buffer without bound). */
    static final int MAX_LINE = 64 << 20;

    /** What a COPY statement was bound to. */
    record CopyPlan(TableDef table, int[] columns, PlanNode query, boolean csv, char delimiter, String nullString,
                    boolean header, char quote, char escape, Expr[] defaults) {
    }

    private final EngineSession s;

    CopyExec(final EngineSession s) {
        this.s = s;
    }

    void bind(final EngineStatement st, final Copy c, final Binder b) {
        if (c.file() != null || c.program()) {
            st.plan = null;
            return;
        }
        boolean csv = false;
        Character delim = null;
        String nul = null;
        boolean header = false;
        char quote = '"';
        Character escape = null;
        for (final Option o : c.options()) {
            switch (o.name()) {
                case "format":
                    if ("binary".equals(o.value())) {
                        throw new SqlException("0A000", "COPY BINARY is not supported");
                    }
                    csv = "csv".equals(o.value());
                    break;
                case "delimiter": delim = o.value().charAt(0); break;
                case "null": nul = o.value(); break;
                case "header": header = o.value() == null || o.value().equals("true") || o.value().equals("on") || o.value().equals("1"); break;
                case "quote": quote = o.value().charAt(0); break;
                case "escape": escape = o.value().charAt(0); break;
                default: break;
            }
        }
        final char d = delim != null ? delim : csv ? ',' : '\t';
        final String n = nul != null ? nul : csv ? "" : "\\N";
        final char e = escape != null ? escape : quote;
        if (c.query() != null) {
            final PlanNode q = b.query(c.query()).plan();
            st.plan = new CopyPlan(null, null, q, csv, d, n, header, quote, e, null);
            st.copyKind = PreparedStatement.CopyKind.TO_STDOUT;
            st.copyColumns = q.columns().size();
        } else {
            final TableDef t = s.snapshot().table(s.catalogContext(), c.table().schema(), c.table().name());
            final int[] cols;
            if (c.columns().isEmpty()) {
                cols = DmlBinder.liveColumns(t);
            } else {
                cols = new int[c.columns().size()];
                for (int i = 0; i < cols.length; i++) {
                    cols[i] = t.columnIndex(c.columns().get(i));
                    if (cols[i] < 0 || t.columns().get(cols[i]).dropped()) {
                        throw new SqlException("42703", "column \"" + c.columns().get(i) + "\" of relation \"" + t.name()
                            + "\" does not exist");
                    }
                }
            }
            Expr[] defaults = null;
            if (c.from()) {
                defaults = new Expr[t.columns().size()];
                final DmlBinder db = new DmlBinder(b);
                for (int i = 0; i < defaults.length; i++) {
                    defaults[i] = db.defaultOf(t, t.columns().get(i));
                }
            }
            st.plan = new CopyPlan(t, cols, null, csv, d, n, header, quote, e, defaults);
            st.copyKind = c.from() ? PreparedStatement.CopyKind.FROM_STDIN : PreparedStatement.CopyKind.TO_STDOUT;
            st.copyColumns = cols.length;
        }
        st.copyCsv = csv;
    }

    private CopyPlan plan(final EnginePortal p) {
        if (p.statement.plan == null) {
            throw new SqlException("0A000", "COPY to or from a file is not supported", null,
                "Use COPY ... FROM STDIN or TO STDOUT (psql's \\copy).", 0, null);
        }
        return (CopyPlan) p.statement.plan;
    }

    private ExecContext begin(final EnginePortal p) {
        if (s.state == EngineSession.State.FAILED) {
            throw EngineSession.aborted();
        }
        s.ensureTx();
        s.tx.newStatement();
        return s.startStatement(p.params);
    }

    Portal.CopyIn copyIn(final EnginePortal p) {
        final CopyPlan plan = plan(p);
        final ExecContext cx = begin(p);
        s.executor.checkWritable("COPY FROM");
        return new Loader(p, plan, cx);
    }

    /** Streaming loader: rows may span CopyData messages; one insert per row. */
    private final class Loader implements Portal.CopyIn {
        private final EnginePortal portal;
        private final CopyPlan plan;
        private final ExecContext cx;
        private final TableAccess access;
        /** The current line's bytes: grown by doubling up to {@link #MAX_LINE}, reused for every row. */
        private byte[] line = new byte[1024];
        private int size;
        /** The fields of a text-format line (offsets into {@link #line}), reused. */
        private final String[] fields;
        private final byte[] nullBytes;
        private final PgType[] types;
        private final PgType.Format format;
        private boolean inQuote;
        private boolean ended;
        private boolean failed;
        private boolean headerSkipped;
        private long rows;
        private final ForeignKeys fk;

        Loader(final EnginePortal portal, final CopyPlan plan, final ExecContext cx) {
            this.portal = portal;
            this.plan = plan;
            this.cx = cx;
            this.access = new TableAccess(s.store, plan.table());
            this.fk = ForeignKeys.of(s, cx, plan.table());
            this.types = new PgType[plan.table().columns().size()];
            for (int i = 0; i < types.length; i++) {
                types[i] = plan.table().columns().get(i).type();
            }
            this.format = s.format();
            this.fields = new String[plan.columns().length];
            this.nullBytes = plan.nullString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void data(final byte[] bytes, final int offset, final int length) {
            if (failed) {
                return;
            }
            try {
                // runs between line ends are copied in one write, not a synchronized write per byte
                final int end = offset + length;
                int start = offset;
                for (int i = offset; i < end; i++) {
                    final byte b = bytes[i];
                    if (plan.csv() && b == plan.quote()) {
                        inQuote = !inQuote;
                    } else if (b == '\n' && !inQuote) {
                        append(bytes, start, i - start);
                        row();
                        start = i + 1;
                    }
                }
                append(bytes, start, end - start);
            } catch (final RuntimeException e) {
                failed = true;
                throw s.fail(e);
            }
        }

        private void append(final byte[] bytes, final int offset, final int length) {
            if (length > MAX_LINE - size) {
                throw new SqlException("54000", "COPY line longer than " + MAX_LINE + " bytes");
            }
            if (size + length > line.length) {
                line = java.util.Arrays.copyOf(line, (int) Math.min(MAX_LINE, Math.max(size + length, 2L * line.length)));
            }
            System.arraycopy(bytes, offset, line, size, length);
            size += length;
        }

        private void row() {
            int n = size;
            size = 0;
            if (ended) {
                return;
            }
            if (n > 0 && line[n - 1] == '\r') {
                n--;
            }
            if (!plan.csv() && n == 2 && line[0] == '\\' && line[1] == '.') {
                ended = true;
                return;
            }
            if (plan.header() && !headerSkipped) {
                headerSkipped = true;
                return;
            }
            final int count;
            final List<String> csv;
            if (plan.csv() || plan.delimiter() > 0x7F) {
                final String text = new String(line, 0, n, StandardCharsets.UTF_8);
                csv = plan.csv() ? csvFields(text, plan) : textFields(text, plan.delimiter(), plan.nullString());
                count = csv.size();
            } else {
                csv = null;
                count = split(n);
            }
            if (count != plan.columns().length) {
                throw new SqlException("22P04", count < plan.columns().length ? "missing data for column \""
                    + plan.table().columns().get(plan.columns()[count]).name() + "\""
                    : "extra data after last expected column", "COPY " + plan.table().name() + ", line " + (rows + 1), null, 0, null);
            }
            final Object[] r = new Object[types.length];
            final boolean[] given = new boolean[types.length];
            for (int k = 0; k < count; k++) {
                final int c = plan.columns()[k];
                given[c] = true;
                final String f = csv == null ? fields[k] : csv.get(k);
                r[c] = f == null ? null : types[c].parseText(f, format);
            }
            for (int c = 0; c < types.length; c++) {
                if (!given[c]) {
                    r[c] = plan.defaults()[c].eval(null, cx);
                }
            }
            Dml.fit(plan.table(), r);
            final long tid = access.insert(s.tx, r);
            if (fk != null) {
                fk.inserted(plan.table(), r, tid);
            }
            rows++;
            cx.check();
        }

        /**
         * Splits line[0, n) of the text format into {@link #fields} (a backslash escapes the next byte; UTF-8
         * continuation bytes are never ASCII, so bytes split as characters do); returns the number of fields,
         * one more than the array holds when there are too many.
         */
        private int split(final int n) {
            final byte delim = (byte) plan.delimiter();
            final byte[] nul = nullBytes;
            int count = 0;
            int start = 0;
            boolean escaped = false;
            for (int i = 0; i <= n; i++) {
                if (i == n || line[i] == delim) {
                    if (count == fields.length) {
                        return count + 1;
                    }
                    final int len = i - start;
                    final String f;
                    if (len == nul.length && java.util.Arrays.equals(line, start, i, nul, 0, nul.length)) {
                        f = null;
                    } else {
                        final String raw = new String(line, start, len, StandardCharsets.UTF_8);
                        f = escaped ? unescape(raw) : raw;
                    }
                    fields[count++] = f;
                    start = i + 1;
                    escaped = false;
                } else if (line[i] == '\\') {
                    escaped = true;
                    i++;
                }
            }
            return count;
        }

        @Override
        public String done() {
            if (failed) {
                throw new SqlException("57014", "COPY failed");
            }
            try {
                if (size > 0) {
                    row();
                }
                if (fk != null) {
                    fk.finish();
                }
                portal.tag = "COPY " + rows;
                portal.done = true;
                s.endStatement();
                return portal.tag;
            } catch (final RuntimeException e) {
                failed = true;
                throw s.fail(e);
            }
        }

        @Override
        public void fail(final String message) {
            if (!failed) {
                failed = true;
                s.fail(new SqlException("57014", "COPY from stdin failed: " + message));
            }
        }
    }

    static List<String> textFields(final String text, final char delim, final String nul) {
        final List<String> out = new ArrayList<>();
        final StringBuilder sb = new StringBuilder();
        int start = 0;
        boolean escaped = false;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == delim) {
                final String raw = text.substring(start, i);
                out.add(raw.equals(nul) ? null : escaped ? unescape(raw) : raw);
                start = i + 1;
                escaped = false;
                continue;
            }
            if (text.charAt(i) == '\\') {
                escaped = true;
                i++;
            }
        }
        sb.setLength(0);
        return out;
    }

    static String unescape(final String raw) {
        final StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            final char c = raw.charAt(i);
            if (c != '\\' || i + 1 >= raw.length()) {
                sb.append(c);
                continue;
            }
            final char n = raw.charAt(++i);
            switch (n) {
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'v': sb.append('\u000b'); break;
                case 'x': {
                    int v = 0;
                    int k = 0;
                    while (k < 2 && i + 1 < raw.length() && Character.digit(raw.charAt(i + 1), 16) >= 0) {
                        v = v * 16 + Character.digit(raw.charAt(++i), 16);
                        k++;
                    }
                    sb.append((char) v);
                    break;
                }
                default:
                    if (n >= '0' && n <= '7') {
                        int v = n - '0';
                        int k = 1;
                        while (k < 3 && i + 1 < raw.length() && raw.charAt(i + 1) >= '0' && raw.charAt(i + 1) <= '7') {
                            v = v * 8 + (raw.charAt(++i) - '0');
                            k++;
                        }
                        sb.append((char) v);
                    } else {
                        sb.append(n);
                    }
            }
        }
        return sb.toString();
    }

    static List<String> csvFields(final String text, final CopyPlan p) {
        final List<String> out = new ArrayList<>();
        final StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || (!quoted && text.charAt(i) == p.delimiter())) {
                final String v = sb.toString();
                out.add(!wasQuoted && v.equals(p.nullString()) ? null : v);
                sb.setLength(0);
                wasQuoted = false;
                continue;
            }
            final char c = text.charAt(i);
            if (quoted) {
                if (c == p.escape() && i + 1 < text.length() && text.charAt(i + 1) == p.quote()) {
                    sb.append(p.quote());
                    i++;
                } else if (c == p.quote()) {
                    quoted = false;
                } else {
                    sb.append(c);
                }
            } else if (c == p.quote()) {
                quoted = true;
                wasQuoted = true;
            } else {
                sb.append(c);
            }
        }
        return out;
    }

    void copyOut(final EnginePortal p, final Consumer<byte[]> lines) {
        final CopyPlan plan = plan(p);
        final ExecContext cx = begin(p);
        final PgType.Format format = s.format();
        final List<OutCol> cols;
        final Cursor c;
        if (plan.query() != null) {
            cols = plan.query().columns();
            final List<io.stratum.compute.exec.ModifyingCte> modifying = p.statement.modifying;
            if (modifying.isEmpty()) {
                c = plan.query().open(cx);
            } else {
                // a data-modifying WITH runs to its end before the first line goes out
                s.executor.checkWritable("SELECT");
                c = io.stratum.compute.exec.PlanNode.listCursor(s.executor.dml.query(plan.query(), modifying, cx));
            }
        } else {
            cols = new ArrayList<>();
            for (final int i : plan.columns()) {
                final ColumnDef d = plan.table().columns().get(i);
                cols.add(OutCol.of(d.name(), d.type()));
            }
            final int[] sel = plan.columns();
            final io.stratum.compute.storage.RowCursor rc = new TableAccess(s.store, plan.table()).scan(s.tx);
            c = new Cursor() {
                @Override
                public Object[] next() {
                    if (!rc.next()) {
                        return null;
                    }
                    final Object[] r = new Object[sel.length];
                    for (int k = 0; k < sel.length; k++) {
                        r[k] = rc.row()[sel[k]];
                    }
                    return r;
                }

                @Override
                public void close() {
                    rc.close();
                }
            };
        }
        long n = 0;
        try (c) {
            final StringBuilder sb = new StringBuilder();
            if (plan.header()) {
                for (int k = 0; k < cols.size(); k++) {
                    sb.append(k > 0 ? String.valueOf(plan.delimiter()) : "").append(plan.csv() ? csvQuote(cols.get(k).name(), plan)
                        : cols.get(k).name());
                }
                lines.accept(sb.append('\n').toString().getBytes(StandardCharsets.UTF_8));
            }
            Object[] r;
            while ((r = c.next()) != null) {
                cx.check();
                sb.setLength(0);
                for (int k = 0; k < r.length; k++) {
                    if (k > 0) {
                        sb.append(plan.delimiter());
                    }
                    if (r[k] == null) {
                        sb.append(plan.nullString());
                        continue;
                    }
                    final PgType t = cols.get(k).type() == PgType.UNKNOWN ? PgType.TEXT : cols.get(k).type();
                    final String v = t.formatText(r[k], format);
                    sb.append(plan.csv() ? csvQuote(v, plan) : escape(v, plan.delimiter()));
                }
                lines.accept(sb.append('\n').toString().getBytes(StandardCharsets.UTF_8));
                n++;
            }
        }
        p.tag = "COPY " + n;
        p.done = true;
        s.endStatement();
    }

    static String escape(final String v, final char delim) {
        StringBuilder sb = null;
        for (int i = 0; i < v.length(); i++) {
            final char c = v.charAt(i);
            final String rep = c == '\\' ? "\\\\" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t"
                : c == delim ? "\\" + delim : null;
            if (rep != null && sb == null) {
                sb = new StringBuilder(v.substring(0, i));
            }
            if (sb != null) {
                if (rep != null) {
                    sb.append(rep);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? v : sb.toString();
    }

    static String csvQuote(final String v, final CopyPlan p) {
        final boolean need = v.isEmpty() || v.indexOf(p.delimiter()) >= 0 || v.indexOf(p.quote()) >= 0 || v.indexOf('\n') >= 0
            || v.indexOf('\r') >= 0 || v.equals(p.nullString());
        if (!need) {
            return v;
        }
        final String q = String.valueOf(p.quote());
        return q + v.replace(q, String.valueOf(p.escape()) + q) + q;
    }
}
