package io.stratum.cli;

import io.stratum.engine.http.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stratum branch create|list|delete|protect|unprotect|reset|restore}: named branches of the local
 * cluster. A branch is a timeline that starts at an LSN (or time) of its parent; creating one copies
 * nothing. The running cluster does the work (its branch API, {@code docs/branching.md}); names live in
 * {@code DIR/cluster.ids}. Errors exit with the code of their kind (3 not found, 4 exists, 9 out of range,
 * 12 conflict: protected or has children, 13 cluster not running).
 */
@Command(name = "branch", mixinStandardHelpOptions = true,
    description = {"Create, list, delete, protect, reset and restore branches of the local cluster.",
        "Every command acts on the cluster running in --dir; create, reset and restore print, last, the "
            + "connection string of the branch (postgresql://stratum@HOST:PORT/NAME)."},
    subcommands = {BranchCommands.Create.class, BranchCommands.ListBranches.class, BranchCommands.Delete.class,
        BranchMoveCommands.Protect.class, BranchMoveCommands.Unprotect.class, BranchMoveCommands.Reset.class,
        BranchMoveCommands.Restore.class, BranchDiffCommands.Diff.class, BranchDiffCommands.Merge.class})
final class BranchCommands implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a branch of PARENT (default main) at its latest state, an LSN or a time.",
            "--at takes an LSN (0/16B3748) or an ISO-8601 time (2026-11-24T20:00:00Z: the last commit at or "
                + "before it). Copies nothing: instant at any size. Prints the branch and, last, its connection "
                + "string. Fails, changing nothing, when NAME exists (exit 4), PARENT is unknown (3), or the "
                + "point is in the future, past the parent's end or before the oldest point still retained, "
                + "which the error names (9)."})
    static final class Create extends BranchClient implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "1-63 of a-z, 0-9, '_', '-'")
        String name;

        @Option(names = "--from", defaultValue = "main", paramLabel = "PARENT", description = "parent branch (default: ${DEFAULT-VALUE})")
        String from;

        @Option(names = "--at", paramLabel = "LSN|TIME", description = "branch point: an LSN like 0/16B3748 or a time like 2026-11-24T20:00:00Z")
        String at;

        @Override
        public Integer call() {
            final long t0 = System.nanoTime();
            final Map<String, Object> b = Json.parseObject(send("POST", api(),
                Json.object("name", name, "from", from, "at", at)));
            final double ms = (System.nanoTime() - t0) / 1e6;
            final PrintWriter out = out();
            out.printf("created branch %s from %s at %s%s, timeline %s, in %.1f ms%n", name, from, b.get("branch_lsn"),
                b.get("branch_time") == null ? "" : " (last commit " + b.get("branch_time") + ")", b.get("timeline_id"), ms);
            out.println(b.get("connection"));
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the branches as a tree.",
            "For each: parent, branch point (LSN, and the time of the last commit at or before it), last "
                + "ingested LSN, protection, logical size (the bytes of its relations' pages at its last LSN) and "
                + "branch-only bytes (its own stored data that no other branch reads: what deleting it frees). "
                + "--json prints the API's JSON array (logical_size, branch_only_bytes in bytes)."})
    static final class ListBranches extends BranchClient implements Callable<Integer> {
        @Option(names = "--json", description = "print JSON (one object per branch) instead of a table")
        boolean json;

        @Override
        public Integer call() {
            final String answer = send("GET", api(), null);
            final PrintWriter out = out();
            if (json) {
                out.println(answer.trim());
                out.flush();
                return 0;
            }
            final List<Map<String, Object>> all = Json.parseArray(answer);
            final Map<String, List<Map<String, Object>>> children = new HashMap<>();
            final List<Map<String, Object>> roots = new ArrayList<>();
            final java.util.Set<Object> names = new java.util.HashSet<>();
            for (final Map<String, Object> b : all) {
                names.add(b.get("name"));
            }
            for (final Map<String, Object> b : all) {
                if (b.get("parent") == null || !names.contains(b.get("parent"))) {
                    roots.add(b);
                } else {
                    children.computeIfAbsent((String) b.get("parent"), k -> new ArrayList<>()).add(b);
                }
            }
            out.printf("%-32s %-24s %-12s %-28s %-12s %-9s %-12s %s%n", "branch", "parent", "branch point",
                "branch time", "last LSN", "protected", "logical", "branch-only");
            for (final Map<String, Object> r : roots) {
                print(out, r, children, 0);
            }
            out.flush();
            return 0;
        }

        private static void print(final PrintWriter out, final Map<String, Object> b,
                                  final Map<String, List<Map<String, Object>>> children, final int depth) {
            final boolean root = b.get("parent") == null;
            out.printf("%-32s %-24s %-12s %-28s %-12s %-9s %-12s %s%n", "  ".repeat(depth) + b.get("name"),
                orDash(b.get("parent")), root ? "-" : b.get("branch_lsn"), orDash(b.get("branch_time")),
                b.get("last_record_lsn"), Boolean.TRUE.equals(b.get("protected")) ? "yes" : "no",
                bytes(b.get("logical_size")), bytes(b.get("branch_only_bytes")));
            for (final Map<String, Object> c : children.getOrDefault((String) b.get("name"), List.of())) {
                print(out, c, children, depth + 1);
            }
        }
    }

    /** {@code 8.0 KiB}, {@code 21.4 MiB} ... (binary units), or {@code -}. */
    static String bytes(final Object v) {
        if (!(v instanceof Number n)) {
            return "-";
        }
        double x = n.doubleValue();
        final String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (x >= 1024 && u < units.length - 1) {
            x /= 1024;
            u++;
        }
        return u == 0 ? (long) x + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", x, units[u]);
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
        description = {"Delete a branch and its data.",
            "Its sessions are terminated (57P01). Refused while it has child branches (exit 12) unless "
                + "--recursive, while it or a branch below it is protected (12), and for main (2)."})
    static final class Delete extends BranchClient implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--recursive", description = "also delete every branch below NAME, deepest first")
        boolean recursive;

        @Override
        public Integer call() {
            final List<Map<String, Object>> gone = Json.parseArray(send("DELETE", api() + path(name)
                + (recursive ? "?recursive=true" : ""), null));
            final PrintWriter out = out();
            for (final Map<String, Object> b : gone) {
                out.println("deleted branch " + b.get("name") + " (timeline " + b.get("timeline_id") + ")");
            }
            out.flush();
            return 0;
        }
    }
}
