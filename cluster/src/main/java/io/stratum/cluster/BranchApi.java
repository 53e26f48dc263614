package io.stratum.cluster;

import io.stratum.engine.http.ApiRoute;
import io.stratum.engine.http.Json;
import io.stratum.engine.timeline.TimelineHistory;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local cluster's branch names over the page server's management API ({@code docs/branching.md}):
 * <pre>
 * GET    /v1/branch                       every branch (JSON array)
 * POST   /v1/branch                       {"name", "from", "at"}: create
 * GET    /v1/branch/NAME                  one branch
 * DELETE /v1/branch/NAME[?recursive=true] delete (array of the branches deleted)
 * POST   /v1/branch/NAME/protect | unprotect
 * POST   /v1/branch/NAME/reset            to the parent's latest state
 * POST   /v1/branch/NAME/restore          {"to": LSN or time}: in place
 * GET    /v1/branch/A/diff/B[?rows=true]  what differs since the fork ({@link BranchDiff})
 * POST   /v1/branch/NAME/merge            {"into", "dry_run", "resolve": "ours"|"theirs"} ({@link BranchMerge})
 * </pre>
 * Threads: none (runs on the API's workers).
 */
final class BranchApi implements ApiRoute {
    static final String PREFIX = "/v1/branch";

    private final BranchManager branches;
    private final BranchChanges changes;

    BranchApi(final BranchManager branches) {
        this.branches = branches;
        this.changes = new BranchChanges(branches);
    }

    @Override
    public String handle(final String method, final String path, final String query, final String body) {
        final String rest = path.substring(PREFIX.length()).replaceAll("/+$", "");
        final String[] p = rest.isEmpty() ? new String[0] : rest.substring(1).split("/");
        if (p.length == 0) {
            if (method.equals("GET")) {
                final List<String> out = new ArrayList<>();
                for (final BranchManager.Branch b : branches.list()) {
                    out.add(json(b));
                }
                return "[" + String.join(",", out) + "]";
            }
            expect(method, "POST", path);
            final Map<String, Object> req = Json.parseObject(body);
            final Object from = req.get("from");
            return json(branches.create(str(req, "name", true), from == null ? "main" : str(req, "from", true),
                str(req, "at", false)));
        }
        final String name = URLDecoder.decode(p[0], StandardCharsets.UTF_8);
        if (p.length == 1) {
            if (method.equals("DELETE")) {
                final List<String> out = new ArrayList<>();
                for (final BranchManager.Branch b : branches.delete(name, "recursive=true".equals(query))) {
                    out.add(json(b));
                }
                return "[" + String.join(",", out) + "]";
            }
            expect(method, "GET", path);
            return json(branches.get(name));
        }
        if (p.length == 2) {
            expect(method, "POST", path);
            return switch (p[1]) {
                case "protect" -> json(branches.protect(name, true));
                case "unprotect" -> json(branches.protect(name, false));
                case "reset" -> json(branches.reset(name));
                case "restore" -> json(branches.restore(name, str(Json.parseObject(body), "to", true)));
                case "merge" -> {
                    final Map<String, Object> req = body == null || body.isBlank() ? Map.of() : Json.parseObject(body);
                    yield changes.mergeJson(changes.merge(name, str(req, "into", false),
                        Boolean.TRUE.equals(req.get("dry_run")), str(req, "resolve", false)));
                }
                default -> throw StratumException.of(ErrorCode.NOT_FOUND, "no such API path", "path", path);
            };
        }
        if (p.length == 3 && p[1].equals("diff")) {
            expect(method, "GET", path);
            return changes.diffJson(name, URLDecoder.decode(p[2], StandardCharsets.UTF_8),
                query != null && query.contains("rows=true"), query != null && query.contains("full=true"));
        }
        throw StratumException.of(ErrorCode.NOT_FOUND, "no such API path", "path", path);
    }

    private static void expect(final String method, final String wanted, final String path) {
        if (!method.equals(wanted)) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "method not allowed here", "method", method,
                "path", path, "use", wanted);
        }
    }

    private static String str(final Map<String, Object> req, final String key, final boolean required) {
        final Object v = req.get(key);
        if (v == null && !required) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, v == null ? "field is missing"
                : "field must be a string", "field", key);
        }
        return s;
    }

    static String json(final BranchManager.Branch b) {
        return Json.object("name", b.name(), "timeline_id", b.timeline().toString(), "parent", b.parent(),
            "parent_timeline_id", b.parentTimeline() == null ? null : b.parentTimeline().toString(),
            "branch_lsn", Lsn.format(b.branchLsn()),
            "branch_time", b.branchMicros() < 0 ? null : TimelineHistory.formatMicros(b.branchMicros()),
            "last_record_lsn", Lsn.format(b.lastRecordLsn()), "protected", b.isProtected(),
            "connection", b.connection(), "logical_size", b.logicalSize() < 0 ? null : b.logicalSize(),
            "branch_only_bytes", b.branchOnlyBytes() < 0 ? null : b.branchOnlyBytes());
    }

    private String json(final BranchManager.Moved m) {
        final String b = json(m.branch());
        return b.substring(0, b.length() - 1) + "," + Json.object("backup", m.backup(), "backup_timeline_id",
            m.backupTimeline().toString(), "backup_connection", branches.connection(m.backup()),
            "terminated_sessions", m.terminatedSessions()).substring(1);
    }
}
