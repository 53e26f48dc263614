package io.stratum.testkit.diff;

import java.lang.reflect.Field;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one statement did on one server, in the form the two servers are compared in: an error (SQLSTATE and
 * message), a command's update count, or a result (column labels, type OIDs and typmods, rows as text).
 */
record Outcome(String sqlState, String message, int updateCount, List<String> labels, List<String> types,
               List<List<String>> rows) {
    /** Rows kept per result; a result with more rows than this is compared on its first MAX_ROWS only. */
    static final int MAX_ROWS = 10_000;

    static Outcome run(final Statement st, final String sql) {
        try {
            final boolean isQuery = st.execute(sql);
            if (!isQuery) {
                return new Outcome(null, null, st.getUpdateCount(), List.of(), List.of(), List.of());
            }
            try (ResultSet rs = st.getResultSet()) {
                final ResultSetMetaData md = rs.getMetaData();
                final int n = md.getColumnCount();
                final List<String> labels = new ArrayList<>(n);
                final List<String> types = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    labels.add(md.getColumnLabel(i));
                    types.add(typeOf(md, i));
                }
                final List<List<String>> rows = new ArrayList<>();
                while (rs.next() && rows.size() < MAX_ROWS) {
                    final List<String> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
                return new Outcome(null, null, -1, labels, types, rows);
            }
        } catch (final SQLException e) {
            final String state = e.getSQLState() == null ? "?????" : e.getSQLState();
            String msg = e.getMessage() == null ? "" : e.getMessage();
            // pgJDBC appends "\n  Position: N" / "Detail: ..." lines; the first line is what psql shows after ERROR:
            final int nl = msg.indexOf('\n');
            if (nl >= 0) {
                msg = msg.substring(0, nl);
            }
            if (msg.startsWith("ERROR: ")) {
                msg = msg.substring(7);
            }
            // FOREIGN KEY and unique violations name the key in their DETAIL: compared too
            // (not a system catalog's: its key holds OIDs that differ between the servers)
            if (("23503".equals(state) || "23505".equals(state) && !msg.contains("\"pg_")) && e instanceof org.postgresql.util.PSQLException p
                    && p.getServerErrorMessage() != null && p.getServerErrorMessage().getDetail() != null) {
                msg = msg + " DETAIL: " + p.getServerErrorMessage().getDetail();
            }
            return new Outcome(state, msg, -1, List.of(), List.of(), List.of());
        }
    }

    /** The column's type OID and typmod as pgJDBC received them in RowDescription ("23" or "1043(14)"). */
    private static String typeOf(final ResultSetMetaData md, final int column) throws SQLException {
        try {
            final Field f = md.getClass().getDeclaredField("fields");
            f.setAccessible(true);
            final Object[] fields = (Object[]) f.get(md);
            final org.postgresql.core.Field pf = (org.postgresql.core.Field) fields[column - 1];
            if (pf.getOID() >= 16384) {
                // a user-defined type (an enum, its array type): OIDs differ between the servers, names must not
                return md.getColumnTypeName(column);
            }
            return pf.getMod() == -1 ? Integer.toString(pf.getOID()) : pf.getOID() + "(" + pf.getMod() + ")";
        } catch (final ReflectiveOperationException | ClassCastException e) {
            return md.getColumnTypeName(column);
        }
    }

    boolean isError() {
        return sqlState != null;
    }

    /**
     * Null when {@code other} (the oracle's outcome) agrees with this one, else a description of the first
     * difference. {@code ordered}: rows compared as lists, else as multisets. {@code messages}: error texts too.
     */
    String differenceFrom(final Outcome oracle, final boolean ordered, final boolean messages) {
        if (oracle.isError() || isError()) {
            if (!oracle.isError()) {
                return "stratum failed with " + sqlState + " " + message + "; postgres succeeded" + brief(oracle);
            }
            if (!isError()) {
                return "postgres failed with " + oracle.sqlState + " " + oracle.message + "; stratum succeeded" + brief(this);
            }
            if (!sqlState.equals(oracle.sqlState)) {
                return "SQLSTATE " + sqlState + " (" + message + "), postgres " + oracle.sqlState + " (" + oracle.message + ")";
            }
            if (messages && !message.equals(oracle.message)) {
                return "message \"" + message + "\", postgres \"" + oracle.message + "\" (both " + sqlState + ")";
            }
            return null;
        }
        if (updateCount != oracle.updateCount) {
            return "update count " + updateCount + ", postgres " + oracle.updateCount;
        }
        if (!labels.equals(oracle.labels)) {
            return "column names " + labels + ", postgres " + oracle.labels;
        }
        if (!types.equals(oracle.types)) {
            return "column types " + types + ", postgres " + oracle.types;
        }
        final List<List<String>> mine = sortedIfUnordered(rows, ordered);
        final List<List<String>> theirs = sortedIfUnordered(oracle.rows, ordered);
        if (mine.size() != theirs.size()) {
            return mine.size() + " rows, postgres " + theirs.size() + firstDiff(mine, theirs);
        }
        final String d = firstDiff(mine, theirs);
        return d.isEmpty() ? null : "rows differ" + d;
    }

    private static String brief(final Outcome o) {
        return o.rows.isEmpty() ? "" : " with " + o.rows.size() + " rows, first " + o.rows.get(0);
    }

    static List<List<String>> sortedIfUnordered(final List<List<String>> rows, final boolean ordered) {
        if (ordered) {
            return rows;
        }
        final List<List<String>> copy = new ArrayList<>(rows);
        copy.sort(Outcome::compareRows);
        return copy;
    }

    static int compareRows(final List<String> a, final List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            final String x = a.get(i);
            final String y = b.get(i);
            if (x == null || y == null) {
                if (x != y) {
                    return x == null ? -1 : 1;
                }
                continue;
            }
            final int c = x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static String firstDiff(final List<List<String>> mine, final List<List<String>> theirs) {
        for (int i = 0; i < Math.max(mine.size(), theirs.size()); i++) {
            final List<String> a = i < mine.size() ? mine.get(i) : null;
            final List<String> b = i < theirs.size() ? theirs.get(i) : null;
            if (a == null || !a.equals(b)) {
                return ": at row " + i + " stratum " + a + ", postgres " + b;
            }
        }
        return "";
    }

    /** The rows as a sorted multiset, for comparing one server with itself (the TLP oracle). */
    List<List<String>> multiset() {
        final List<List<String>> copy = sortedIfUnordered(rows, false);
        return Collections.unmodifiableList(copy);
    }
}
