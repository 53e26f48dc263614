package io.stratum.cli;

import io.stratum.engine.http.Json;
import io.stratum.wal.ErrorCode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stratum branch diff} and {@code stratum branch merge} ({@code docs/branching.md}). */
final class BranchDiffCommands {
    private BranchDiffCommands() {
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"What differs between branches A and B since their common ancestor.",
            "The schema changes, and per table the rows added, modified and removed from A to B (as Doltgres' "
                + "dolt_diff(A, B, table): rows are matched by primary key; a table without one by the whole row). "
                + "Reads only the pages either branch changed since the fork. --rows lists the rows; --sql prints "
                + "only the DDL that turns A's schema into B's, in an order that applies (pipe it to psql -d A); "
                + "--json prints the API's JSON. Unknown branch: exit 3."})
    static final class Diff extends BranchClient implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "A")
        String a;

        @Parameters(index = "1", paramLabel = "B")
        String b;

        @Option(names = "--rows", description = "list the changed rows (from A, to B)")
        boolean rows;

        @Option(names = "--sql", description = "print only the DDL turning A's schema into B's")
        boolean sql;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Option(names = "--full", description = "read every table whole at both heads instead of only the pages "
            + "changed since the fork: also sees rows of a transaction that was open across the branch point "
            + "(its commit changes no page); costs a read of the whole database")
        boolean full;

        @Override
        public Integer call() {
            final String query = rows && full ? "?rows=true&full=true" : rows ? "?rows=true" : full ? "?full=true" : "";
            final String answer = send("GET", api() + path(a) + "/diff" + path(b) + query, null);
            final PrintWriter out = out();
            if (json) {
                out.println(answer.trim());
                out.flush();
                return 0;
            }
            final Map<String, Object> d = JsonTree.parseObject(answer);
            if (sql) {
                for (final Object s : list(d.get("sql"))) {
                    out.println(s);
                }
                out.flush();
                return 0;
            }
            out.printf("diff %s (%s) -> %s (%s), common ancestor at %s%n", a, d.get("from_lsn"), b, d.get("to_lsn"),
                d.get("fork_lsn"));
            final List<Object> schema = list(d.get("schema"));
            if (schema.isEmpty()) {
                out.println("schema: unchanged");
            } else {
                out.println("schema:");
                for (final Object o : schema) {
                    final Map<?, ?> c = (Map<?, ?>) o;
                    out.println("  " + c.get("change") + " " + c.get("table")
                        + (c.get("detail") == null ? "" : " " + c.get("detail")));
                }
            }
            final List<Object> tables = list(d.get("tables"));
            if (tables.isEmpty()) {
                out.println("rows: unchanged");
            } else {
                out.printf("%-32s %9s %9s %9s%n", "table", "added", "modified", "removed");
                for (final Object o : tables) {
                    final Map<?, ?> t = (Map<?, ?>) o;
                    out.printf("%-32s %9s %9s %9s%n", t.get("table"), t.get("added"), t.get("modified"), t.get("removed"));
                }
            }
            if (rows) {
                for (final Object o : tables) {
                    final Map<?, ?> t = (Map<?, ?>) o;
                    final List<Object> rs = list(t.get("rows"));
                    if (rs.isEmpty()) {
                        continue;
                    }
                    out.println(t.get("table") + ":");
                    for (final Object r : rs) {
                        final Map<?, ?> row = (Map<?, ?>) r;
                        out.printf("  %-9s from %s to %s%n", row.get("diff_type"), values(row.get("from")),
                            values(row.get("to")));
                    }
                }
            }
            out.flush();
            return 0;
        }
    }

    /** The --ours / --theirs choice. */
    static final class Side {
        @Option(names = "--ours", description = "resolve each conflict with PARENT's value")
        boolean ours;

        @Option(names = "--theirs", description = "resolve each conflict with SOURCE's value")
        boolean theirs;
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merge SOURCE's changes since the fork into PARENT (default: SOURCE's parent), in one transaction.",
            "Three-way by primary key, cell by cell: a cell changed differently on both sides is a conflict, "
                + "listed with table, key, base, ours and theirs; then nothing is applied (exit 12) unless --ours "
                + "or --theirs picks a side. A fast-forward (PARENT unchanged since the fork) applies directly. "
                + "Refused, changing nothing: a table without a primary key whose rows SOURCE changed (exit 2), "
                + "a table whose schema both changed differently (12). --dry-run shows the plan only."})
    static final class Merge extends BranchClient implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SOURCE")
        String source;

        @Option(names = "--into", paramLabel = "PARENT", description = "the branch to merge into (default: SOURCE's parent)")
        String into;

        @Option(names = "--dry-run", description = "show what would be applied and the conflicts; apply nothing")
        boolean dryRun;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @ArgGroup(exclusive = true)
        Side side;

        @Override
        public Integer call() {
            final String resolve = side == null ? null : side.ours ? "ours" : side.theirs ? "theirs" : null;
            final String answer = send("POST", api() + path(source) + "/merge",
                Json.object("into", into, "dry_run", dryRun, "resolve", resolve));
            final Map<String, Object> m = JsonTree.parseObject(answer);
            final List<Object> conflicts = list(m.get("conflicts"));
            final int code = !conflicts.isEmpty() && resolve == null ? ErrorCode.CONFLICT.exitCode() : 0;
            final PrintWriter out = out();
            if (json) {
                out.println(answer.trim());
                out.flush();
                return code;
            }
            out.printf("merge %s into %s (common ancestor at %s): %s%n", m.get("source"), m.get("into"),
                m.get("fork_lsn"), Boolean.TRUE.equals(m.get("fast_forward")) ? "fast-forward" : "three-way");
            for (final Object s : list(m.get("schema"))) {
                out.println("  schema: " + s);
            }
            out.printf("  rows: %s inserted, %s updated, %s deleted%n", m.get("inserted"), m.get("updated"),
                m.get("deleted"));
            if (!conflicts.isEmpty()) {
                out.printf("%d conflict(s):%n", conflicts.size());
                out.printf("  %-20s %-16s %-12s %-14s %-14s %s%n", "table", "key", "column", "base", "ours", "theirs");
                for (final Object o : conflicts) {
                    final Map<?, ?> c = (Map<?, ?>) o;
                    out.printf("  %-20s %-16s %-12s %-14s %-14s %s%n", c.get("table"), c.get("key"), c.get("column"),
                        orNull(c.get("base")), orNull(c.get("ours")), orNull(c.get("theirs")));
                }
            }
            if (Boolean.TRUE.equals(m.get("applied"))) {
                out.println("applied in one transaction on " + m.get("into")
                    + (conflicts.isEmpty() ? "" : " (conflicts resolved with --" + resolve + ")"));
            } else if (dryRun) {
                for (final Object s : list(m.get("sql"))) {
                    out.println("  " + s);
                }
                out.println("dry run: nothing applied");
            } else if (!conflicts.isEmpty()) {
                out.println("nothing applied: resolve with --ours or --theirs");
            } else {
                out.println("nothing to merge");
            }
            out.flush();
            return code;
        }
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(final Object o) {
        return o instanceof List<?> l ? (List<Object>) l : new ArrayList<>();
    }

    private static String orNull(final Object o) {
        return o == null ? "NULL" : o.toString();
    }

    private static String values(final Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            return "-";
        }
        final List<String> kv = new ArrayList<>();
        for (final Map.Entry<?, ?> e : m.entrySet()) {
            kv.add(e.getKey() + "=" + orNull(e.getValue()));
        }
        return "(" + String.join(", ", kv) + ")";
    }
}
