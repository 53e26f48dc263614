package io.stratum.cli;

import io.stratum.cluster.LocalCluster;
import io.stratum.engine.http.Json;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.TimelineId;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stratum branch create|list|delete}: named branches of the local cluster. A branch is a
 * timeline that starts at an LSN (or time) of its parent; creating one copies nothing. Names live in
 * {@code DIR/cluster.ids}; the page server's management API does the work.
 */
@Command(name = "branch", mixinStandardHelpOptions = true, description = "Create, list and delete branches of the local cluster.",
    subcommands = {BranchCommands.Create.class, BranchCommands.ListBranches.class, BranchCommands.Delete.class})
final class BranchCommands implements Runnable {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The running cluster's state and ids, and a small HTTP client for its API. */
    abstract static class ClusterClient extends ClusterCommands.DirOption {
        Properties state() {
            final Properties s = LocalCluster.readProperties(dir.resolve(LocalCluster.STATE));
            if (s == null || running().isEmpty()) {
                throw StratumException.of(ErrorCode.UNAVAILABLE, "the local cluster is not running (start it with"
                    + " 'stratum start')", "dir", dir);
            }
            return s;
        }

        Properties ids() {
            final Properties p = LocalCluster.readProperties(dir.resolve(LocalCluster.IDS));
            if (p == null) {
                throw StratumException.of(ErrorCode.NOT_FOUND, "no local cluster here", "dir", dir);
            }
            return p;
        }

        String tenantUrl(final Properties state) {
            return "http://" + state.getProperty("http") + "/v1/tenant/" + state.getProperty("tenant");
        }

        static String send(final String method, final String url, final String body) {
            try {
                final HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() >= 300) {
                    final Object msg = Json.parseObject(r.body()).get("error");
                    final ErrorCode code = switch (r.statusCode()) {
                        case 400 -> ErrorCode.INVALID_ARGUMENT;
                        case 404 -> ErrorCode.NOT_FOUND;
                        case 409 -> ErrorCode.CONFLICT;
                        case 503 -> ErrorCode.UNAVAILABLE;
                        case 504 -> ErrorCode.TIMEOUT;
                        default -> ErrorCode.INTERNAL;
                    };
                    throw new StratumException(code, String.valueOf(msg));
                }
                return r.body();
            } catch (final IOException e) {
                throw StratumException.withCause(ErrorCode.UNAVAILABLE, e, "cannot reach the management API",
                    "url", url, "error", e.getMessage());
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw StratumException.of(ErrorCode.UNAVAILABLE, "interrupted");
            }
        }

        static void checkName(final String name) {
            if (!NAME.matcher(name).matches()) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT,
                    "bad branch name: use 1-63 of a-z, 0-9, '_' and '-', starting with a letter or digit", "name", name);
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create branch NAME from PARENT (default main) at an LSN (X/X), a time (ISO-8601, e.g.",
            "2026-11-24T20:00:00Z: the last commit at or before it), or the parent's latest LSN."})
    static final class Create extends ClusterClient implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--from", defaultValue = "main", paramLabel = "PARENT", description = "parent branch (default: ${DEFAULT-VALUE})")
        String from;

        @Option(names = "--at", paramLabel = "LSN|TIME", description = "branch point: an LSN like 0/16B3748 or a time like 2026-11-24T20:00:00Z")
        String at;

        @Override
        public Integer call() {
            checkName(name);
            final Properties state = state();
            final Properties ids = ids();
            if (ids.getProperty("branch." + name) != null) {
                throw StratumException.of(ErrorCode.ALREADY_EXISTS, "branch exists", "name", name);
            }
            final String parent = ids.getProperty("branch." + from);
            if (parent == null) {
                throw StratumException.of(ErrorCode.NOT_FOUND, "no such parent branch", "name", from);
            }
            final TimelineId id = TimelineId.random();
            final String body;
            if (at == null) {
                body = Json.object("timeline_id", id.toString(), "ancestor_timeline_id", parent);
            } else if (Lsn.looksLikeLsn(at)) {
                body = Json.object("timeline_id", id.toString(), "ancestor_timeline_id", parent, "ancestor_lsn", at);
            } else {
                body = Json.object("timeline_id", id.toString(), "ancestor_timeline_id", parent, "ancestor_time", at);
            }
            final long t0 = System.nanoTime();
            final Map<String, Object> r = Json.parseObject(send("POST", tenantUrl(state) + "/timeline", body));
            final double ms = (System.nanoTime() - t0) / 1e6;
            ids.setProperty("branch." + name, id.toString());
            LocalCluster.writeDurably(dir.resolve(LocalCluster.IDS), ids);
            final PrintWriter out = out();
            out.printf("created branch %s (timeline %s) from %s at %s (request took %.1f ms)%n", name, id, from,
                r.get("ancestor_lsn"), ms);
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List branches with their LSNs.")
    static final class ListBranches extends ClusterClient implements Callable<Integer> {
        @Override
        public Integer call() {
            final Properties state = state();
            final Properties ids = ids();
            final Map<String, String> names = new HashMap<>();
            for (final String k : ids.stringPropertyNames()) {
                if (k.startsWith("branch.")) {
                    names.put(ids.getProperty(k), k.substring("branch.".length()));
                }
            }
            final List<Map<String, Object>> tls = Json.parseArray(send("GET", tenantUrl(state) + "/timeline", null));
            final PrintWriter out = out();
            out.printf("%-16s %-32s %-10s %-12s %-16s %s%n", "branch", "timeline", "parent", "branch point",
                "last record LSN", "disk consistent LSN");
            for (final Map<String, Object> t : tls) {
                final Object parent = t.get("ancestor_timeline_id");
                out.printf("%-16s %-32s %-10s %-12s %-16s %s%n", names.getOrDefault(t.get("timeline_id"), "-"),
                    t.get("timeline_id"), parent == null ? "-" : names.getOrDefault(parent, String.valueOf(parent)),
                    parent == null ? "-" : t.get("ancestor_lsn"), t.get("last_record_lsn"), t.get("disk_consistent_lsn"));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete branch NAME and its data (refused while it has child branches; main cannot be deleted).")
    static final class Delete extends ClusterClient implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            if (name.equals("main")) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "the main branch cannot be deleted");
            }
            final Properties state = state();
            final Properties ids = ids();
            final String id = ids.getProperty("branch." + name);
            if (id == null) {
                throw StratumException.of(ErrorCode.NOT_FOUND, "no such branch", "name", name);
            }
            send("DELETE", tenantUrl(state) + "/timeline/" + id, null);
            ids.remove("branch." + name);
            LocalCluster.writeDurably(dir.resolve(LocalCluster.IDS), ids);
            out().println("deleted branch " + name + " (timeline " + id + ")");
            out().flush();
            return 0;
        }
    }
}
