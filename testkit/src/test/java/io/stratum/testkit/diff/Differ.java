package io.stratum.testkit.diff;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs each statement on Stratum and on the oracle (vanilla PostgreSQL 15) through pgJDBC and compares the
 * outcomes, keeping agreement counts per area. A case listed in {@code differential/expected-fail.txt} (the
 * known differences, each documented in docs/sql.md) is expected to disagree; if it agrees, that is reported
 * too, so the list shrinks as fixes land. Threads: none.
 */
final class Differ implements AutoCloseable {
    /** Per area: cases run, cases agreeing, expected failures that did fail. */
    static final class Tally {
        int run;
        int agreed;
        int expectedFail;
    }

    private final Connection stratum;
    private final Connection postgres;
    private final Statement s;
    private final Statement p;
    private final Set<String> expectedFail;
    final Map<String, Tally> tallies = new LinkedHashMap<>();
    final List<String> failures = new ArrayList<>();
    final List<String> unexpectedPasses = new ArrayList<>();

    Differ(final Connection stratum, final Connection postgres) throws SQLException, IOException {
        this.stratum = stratum;
        this.postgres = postgres;
        this.s = stratum.createStatement();
        this.p = postgres.createStatement();
        this.expectedFail = new LinkedHashSet<>();
        for (final String line : resource("differential/expected-fail.txt").split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                expectedFail.add(normalize(line));
            }
        }
    }

    Tally tally(final String area) {
        return tallies.computeIfAbsent(area, k -> new Tally());
    }

    /** Runs {@code sql} on both and compares; true when they agree. Messages of errors are compared when asked. */
    boolean check(final String area, final String sql, final boolean messages) {
        final Outcome mine = Outcome.run(s, sql);
        final Outcome theirs = Outcome.run(p, sql);
        final String d = mine.differenceFrom(theirs, ordered(sql), messages);
        final Tally t = tally(area);
        t.run++;
        final boolean known = expectedFail.contains(normalize(sql));
        if (d == null) {
            t.agreed++;
            if (known) {
                unexpectedPasses.add(area + ": " + sql);
            }
            return true;
        }
        if (known) {
            t.expectedFail++;
        } else {
            // Stratum folds constants as PostgreSQL's planner does (docs/sql.md): an error PostgreSQL raises while
            // planning is a failure like any other, marked to say where to look
            final boolean planned = theirs.isError() && !mine.isError() && plannedError(sql, theirs);
            failures.add(area + ": " + sql + "\n    " + d + (planned ? "\n    (PostgreSQL raises it while planning)" : ""));
        }
        return false;
    }

    /** Whether PostgreSQL raises {@code err}'s SQLSTATE already in EXPLAIN (so at plan time, not per row). */
    private boolean plannedError(final String sql, final Outcome err) {
        final Outcome e = Outcome.run(p, "EXPLAIN " + sql);
        return e.isError() && err.sqlState().equals(e.sqlState());
    }

    /** Runs {@code sql} on Stratum only. */
    Outcome stratum(final String sql) {
        return Outcome.run(s, sql);
    }

    /** Runs {@code sql} on both without comparing (setup that must work on both). */
    void both(final String sql) {
        final Outcome a = Outcome.run(s, sql);
        final Outcome b = Outcome.run(p, sql);
        if (a.isError() || b.isError()) {
            throw new IllegalStateException("setup failed: " + sql + "\n  stratum " + a.sqlState() + " " + a.message()
                + "\n  postgres " + b.sqlState() + " " + b.message());
        }
    }

    String report() {
        final StringBuilder sb = new StringBuilder("differential agreement with PostgreSQL 15 per area:\n");
        int run = 0;
        int agreed = 0;
        for (final Map.Entry<String, Tally> e : tallies.entrySet()) {
            final Tally t = e.getValue();
            run += t.run;
            agreed += t.agreed;
            sb.append(String.format(Locale.ROOT, "  %-28s %6d / %6d  %7.3f%%%s%n", e.getKey(), t.agreed, t.run,
                t.run == 0 ? 100.0 : 100.0 * t.agreed / t.run, t.expectedFail == 0 ? "" : "  (" + t.expectedFail + " known)"));
        }
        sb.append(String.format(Locale.ROOT, "  %-28s %6d / %6d  %7.3f%%%n", "total", agreed, run,
            run == 0 ? 100.0 : 100.0 * agreed / run));
        return sb.toString();
    }

    /**
     * Whether the statement's result order is defined: a top-level ORDER BY (outside parentheses and string
     * literals). Window and subquery ORDER BYs do not count.
     */
    static boolean ordered(final String sql) {
        final String l = sql.toLowerCase(Locale.ROOT);
        int depth = 0;
        boolean found = false;
        for (int i = 0; i < l.length(); i++) {
            final char c = l.charAt(i);
            if (c == '\'') {
                final int end = l.indexOf('\'', i + 1);
                i = end < 0 ? l.length() : end;
            } else if (c == '"') {
                final int end = l.indexOf('"', i + 1);
                i = end < 0 ? l.length() : end;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && l.startsWith("order by", i) && (i == 0 || !Character.isLetterOrDigit(l.charAt(i - 1)))) {
                found = true;
            }
        }
        return found && !l.startsWith("insert") && !l.startsWith("update") && !l.startsWith("delete");
    }

    static String normalize(final String sql) {
        String t = sql.strip().replaceAll("\\s+", " ");
        if (t.endsWith(";")) {
            t = t.substring(0, t.length() - 1).strip();
        }
        return t;
    }

    /** Statements of a corpus file: each ends with ';' at the end of a line; lines starting with "--" are comments. */
    static List<String> statements(final String text) {
        final List<String> out = new ArrayList<>();
        final StringBuilder cur = new StringBuilder();
        for (final String line : text.split("\n")) {
            if (cur.length() == 0 && (line.isBlank() || line.strip().startsWith("--"))) {
                continue;
            }
            cur.append(line).append('\n');
            if (line.stripTrailing().endsWith(";")) {
                out.add(normalize(cur.toString()));
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(normalize(cur.toString()));
        }
        return out;
    }

    static String resource(final String path) throws IOException {
        try (InputStream in = Differ.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws SQLException {
        s.close();
        p.close();
        stratum.close();
        postgres.close();
    }
}
