package io.stratum.cli;

import io.stratum.engine.http.Json;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stratum branch protect|unprotect|reset|restore}: commands that guard or move a branch name. */
final class BranchMoveCommands {
    private BranchMoveCommands() {
    }

    @Command(name = "protect", mixinStandardHelpOptions = true,
        description = {"Protect a branch: it cannot be deleted, reset or restored until unprotected.",
            "The protection is kept durably with the branch names."})
    static final class Protect extends BranchClient implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            send("POST", api() + path(name) + "/protect", "");
            out().println("branch " + name + " is protected");
            out().flush();
            return 0;
        }
    }

    @Command(name = "unprotect", mixinStandardHelpOptions = true, description = "Remove the protection of a branch.")
    static final class Unprotect extends BranchClient implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            send("POST", api() + path(name) + "/unprotect", "");
            out().println("branch " + name + " is not protected");
            out().flush();
            return 0;
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
        description = {"Reset a branch to its parent's latest state, keeping the old state as a backup branch.",
            "The old state stays as a new branch NAME_old_TIME, whose name is printed; sessions on NAME are "
                + "terminated (57P01). Refused for a protected branch (exit 12) and for one without a parent "
                + "(2). Prints, last, NAME's connection string."})
    static final class Reset extends BranchClient implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            print(out(), "reset", Json.parseObject(send("POST", api() + path(name) + "/reset", "")));
            return 0;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a branch in place to an earlier point, keeping the old state as a backup branch.",
            "--to takes an LSN (0/16B3748) or an ISO-8601 time (the last commit at or before it). The old "
                + "state stays as a new branch NAME_old_TIME, whose name is printed; sessions on NAME are "
                + "terminated (57P01). Refused for a protected branch (exit 12) and for a point outside the "
                + "retained history, naming the oldest point still available (9). Prints, last, NAME's "
                + "connection string."})
    static final class Restore extends BranchClient implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--to", required = true, paramLabel = "LSN|TIME", description = "the point to go back to")
        String to;

        @Override
        public Integer call() {
            print(out(), "restored", Json.parseObject(send("POST", api() + path(name) + "/restore",
                Json.object("to", to))));
            return 0;
        }
    }

    static void print(final PrintWriter out, final String what, final Map<String, Object> m) {
        out.printf("%s branch %s to %s%s, timeline %s%n", what, m.get("name"), what.equals("reset")
            ? m.get("parent") + "'s latest state, " : "", m.get("branch_lsn"), m.get("timeline_id"));
        out.printf("old state kept as branch %s (%s)%n", m.get("backup"), m.get("backup_connection"));
        out.printf("terminated %s session(s) on %s%n", m.get("terminated_sessions"), m.get("name"));
        out.println(m.get("connection"));
        out.flush();
    }
}
