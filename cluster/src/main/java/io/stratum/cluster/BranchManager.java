package io.stratum.cluster;

import io.stratum.engine.TimelineInfo;
import io.stratum.engine.timeline.Timeline;
import io.stratum.engine.timeline.TimelineHistory;
import io.stratum.engine.timeline.TimelineSizes;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * Named branches of the local cluster: create (at the parent's latest LSN, an LSN or a time), list, delete
 * (with or without descendants), protect, reset to the parent's latest state and restore to an earlier
 * point in place. Names and protection live in {@code DIR/cluster.ids} ({@link BranchNames}); the page
 * server holds the timelines. Reset and restore create a new timeline at the target point, re-point the
 * name to it and give the old timeline a backup name; every operation that moves or removes a name has the
 * compute terminate that branch's sessions (57P01). Every check runs before anything changes, so a refused
 * operation changes nothing. Threads: none; callers are serialised (one operation at a time).
 */
public final class BranchManager {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BranchManager.class);
    private static final DateTimeFormatter BACKUP_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
        .withZone(ZoneOffset.UTC);

    /**
     * A branch as listed: its timeline, parent and branch point (LSN and commit time, or -1), last LSN, and
     * (in {@link #list} and {@link #get}; -1 elsewhere) its logical size at the last LSN and the bytes only
     * it holds ({@link TimelineSizes}).
     */
    public record Branch(String name, TimelineId timeline, String parent, TimelineId parentTimeline, long branchLsn,
                         long branchMicros, long lastRecordLsn, boolean isProtected, String connection,
                         long logicalSize, long branchOnlyBytes) {
    }

    /** The result of a reset or restore: the branch as it is now, the backup name of its old state. */
    public record Moved(Branch branch, String backup, TimelineId backupTimeline, int terminatedSessions) {
    }

    private final Path idsFile;
    private final TenantId tenant;
    private final Supplier<PageServerNode> pageServer;
    private final Supplier<String> computeAddress;
    private final ToIntFunction<String> terminate;
    private final ToLongFunction<String> durable;
    private final Clock clock;

    /**
     * @param computeAddress {@code host:port} of the compute, for connection strings
     * @param terminate terminates the sessions of a branch name, returns how many
     * @param durable how far the compute's WAL of a branch name is quorum-committed, or -1
     */
    BranchManager(final Path idsFile, final TenantId tenant, final Supplier<PageServerNode> pageServer,
                  final Supplier<String> computeAddress, final ToIntFunction<String> terminate,
                  final ToLongFunction<String> durable, final Clock clock) {
        this.idsFile = idsFile;
        this.tenant = tenant;
        this.pageServer = pageServer;
        this.computeAddress = computeAddress;
        this.terminate = terminate;
        this.durable = durable;
        this.clock = clock;
    }

    /** Opens a compute session on a database name (set by the local cluster once its compute runs). */
    private volatile java.util.function.Function<String, io.stratum.compute.session.Session> sessions = db -> {
        throw StratumException.of(ErrorCode.UNAVAILABLE, "the compute is not running", "database", db);
    };

    void sessions(final java.util.function.Function<String, io.stratum.compute.session.Session> open) {
        sessions = open;
    }

    io.stratum.compute.session.Session session(final String database) {
        return sessions.apply(database);
    }

    BranchNames names() {
        return BranchNames.load(idsFile);
    }

    private PageServerNode ps() {
        final PageServerNode p = pageServer.get();
        if (p == null) {
            throw StratumException.of(ErrorCode.UNAVAILABLE, "the page server is not running");
        }
        return p;
    }

    Timeline timeline(final TimelineId id) {
        return ps().engine().timeline(tenant, id);
    }

    /**
     * Creates branch {@code name} of {@code from} at {@code at}: null for the parent's latest ingested LSN, an
     * LSN ({@code 0/16B3748}) or an ISO-8601 time (the last commit at or before it).
     *
     * @throws StratumException ALREADY_EXISTS, NOT_FOUND (parent), INVALID_ARGUMENT (bad name or point),
     *     OUT_OF_RANGE (in the future, past the parent's end or before its oldest retained point)
     */
    public synchronized Branch create(final String name, final String from, final String at) {
        BranchNames.checkName(name);
        final BranchNames names = BranchNames.load(idsFile);
        if (names.get(name) != null) {
            throw StratumException.of(ErrorCode.ALREADY_EXISTS, "branch exists", "name", name);
        }
        final TimelineId parentId = names.get(from);
        if (parentId == null) {
            throw StratumException.of(ErrorCode.NOT_FOUND, "no such parent branch", "name", from);
        }
        final long t0 = System.nanoTime();
        final Timeline parent = timeline(parentId);
        final long lsn = at == null ? latest(parent, from) : point(parent, from, at);
        final long t1 = System.nanoTime();
        final TimelineId id = TimelineId.random();
        // below the parent's own branch point its history is its ancestor's: branch from that one
        ps().createBranch(tenant, id, TimelineHistory.holder(parent, lsn).id(), lsn);
        final long t2 = System.nanoTime();
        names.put(name, id);
        names.save();
        final long t3 = System.nanoTime();
        final Branch b = branch(names, name);
        if (LOG.isDebugEnabled()) {
            LOG.debug("branch create {}: point {} us, timeline {} us, name {} us, answer {} us", name, (t1 - t0) / 1000,
                (t2 - t1) / 1000, (t3 - t2) / 1000, (System.nanoTime() - t3) / 1000);
        }
        return b;
    }

    /** Every named branch, parents before children (then by name). */
    public synchronized List<Branch> list() {
        final BranchNames names = BranchNames.load(idsFile);
        final Map<TimelineId, String> byId = names.byTimeline();
        final List<Branch> out = new ArrayList<>();
        for (final TimelineInfo i : ps().engine().listTimelines(tenant)) {
            final String n = byId.get(i.id());
            if (n != null) {
                out.add(sized(branch(names, byId, i)));
            }
        }
        return out;
    }

    /** One branch; NOT_FOUND otherwise. */
    public synchronized Branch get(final String name) {
        return sized(branch(BranchNames.load(idsFile), name));
    }

    /** {@code b} with its logical size and branch-only bytes measured. */
    private Branch sized(final Branch b) {
        final Timeline t = timeline(b.timeline());
        final long last = t.lastRecordLsn();
        return new Branch(b.name(), b.timeline(), b.parent(), b.parentTimeline(), b.branchLsn(), b.branchMicros(),
            b.lastRecordLsn(), b.isProtected(), b.connection(), TimelineSizes.logicalSize(t, last),
            TimelineSizes.branchOnlyBytes(t));
    }

    /**
     * Deletes branch {@code name} (and, with {@code recursive}, every branch below it, deepest first):
     * refused for main, while it has children unless recursive, and while it or a descendant is protected.
     * Its sessions are terminated. Returns the branches deleted, in order.
     */
    public synchronized List<Branch> delete(final String name, final boolean recursive) {
        final BranchNames names = BranchNames.load(idsFile);
        final TimelineId id = names.require(name);
        if (name.equals("main")) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "the main branch cannot be deleted");
        }
        final Map<TimelineId, String> byId = names.byTimeline();
        final List<TimelineInfo> order = new ArrayList<>();
        descendants(id, ps().engine().listTimelines(tenant), order);
        if (!order.isEmpty() && !recursive) {
            throw StratumException.of(ErrorCode.CONFLICT, "branch has child branches; delete them first or use"
                + " --recursive", "name", name, "children", labels(order, byId));
        }
        final List<Branch> done = new ArrayList<>();
        for (final TimelineInfo i : order) {
            if ("main".equals(byId.get(i.id()))) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "the main branch cannot be deleted, and it is"
                    + " below this branch", "name", name);
            }
            checkUnprotected(names, byId.get(i.id()), "deleted");
        }
        checkUnprotected(names, name, "deleted");
        order.add(0, info(id));
        for (int k = order.size() - 1; k >= 0; k--) {
            final TimelineInfo i = order.get(k);
            final String n = byId.get(i.id());
            final Branch b = n == null ? null : branch(names, byId, i);
            if (n != null) {
                names.remove(n);
                names.save(); // the name goes first: a crash leaves an unnamed timeline, never a name without one
                terminate.applyAsInt(n);
                done.add(b);
            }
            ps().deleteTimeline(tenant, i.id());
        }
        return done;
    }

    /** Protects (or unprotects) {@code name}: a protected branch cannot be deleted, reset or restored. */
    public synchronized Branch protect(final String name, final boolean on) {
        final BranchNames names = BranchNames.load(idsFile);
        names.require(name);
        if (names.isProtected(name) != on) {
            names.setProtected(name, on);
            names.save();
        }
        return branch(names, name);
    }

    /** Resets {@code name} to its parent's latest ingested state; the old state keeps a backup name. */
    public synchronized Moved reset(final String name) {
        final BranchNames names = BranchNames.load(idsFile);
        final TimelineId old = names.require(name);
        checkUnprotected(names, name, "reset");
        final Timeline t = timeline(old);
        if (t.ancestorId() == null) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "branch has no parent to reset to; use restore"
                + " --to LSN|TIME to move it back in its own history", "name", name);
        }
        final Timeline parent = timeline(t.ancestorId());
        return move(names, name, old, parent.id(), latest(parent, names.byTimeline().get(parent.id())));
    }

    /** Restores {@code name} in place to the point {@code to} (LSN or time) of its own history. */
    public synchronized Moved restore(final String name, final String to) {
        final BranchNames names = BranchNames.load(idsFile);
        final TimelineId old = names.require(name);
        checkUnprotected(names, name, "restored");
        if (to == null) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "restore needs a point: --to LSN|TIME", "name", name);
        }
        final Timeline t = timeline(old);
        final long lsn = point(t, name, to);
        return move(names, name, old, TimelineHistory.holder(t, lsn).id(), lsn);
    }

    private Moved move(final BranchNames names, final String name, final TimelineId old, final TimelineId from,
                       final long lsn) {
        final String backup = backupName(names, name);
        final TimelineId id = TimelineId.random();
        ps().createBranch(tenant, id, from, lsn);
        names.put(name, id);
        names.put(backup, old);
        names.save();
        final int n = terminate.applyAsInt(name);
        return new Moved(branch(names, name), backup, old, n);
    }

    /**
     * The latest LSN of {@code t} (branch {@code name}, or null when unnamed): what the page server has
     * ingested, once that includes everything the compute has committed on it.
     */
    long latest(final Timeline t, final String name) {
        final long committed = name == null ? -1 : durable.applyAsLong(name);
        if (committed > t.lastRecordLsn()) {
            t.waitForLsn(committed, 30_000);
        }
        return t.lastRecordLsn();
    }

    /** {@code NAME_old_20261124T200000} (with {@code _2}, {@code _3} ... when taken), at most 63 characters. */
    private String backupName(final BranchNames names, final String name) {
        final String suffix = "_old_" + BACKUP_TIME.format(clock.instant()).toLowerCase();
        final String base = name.substring(0, Math.min(name.length(), 63 - suffix.length() - 3)) + suffix;
        String b = base;
        for (int k = 2; names.get(b) != null; k++) {
            b = base + "_" + k;
        }
        return b;
    }

    /** The LSN a point names on {@code t}: an LSN in its retained window, or the last commit at or before a time. */
    private long point(final Timeline t, final String branch, final String at) {
        latest(t, branch); // what the compute has committed is ingested, so its LSNs and times are known
        final long lsn;
        if (Lsn.looksLikeLsn(at)) {
            lsn = Lsn.parse(at);
            if (lsn < TimelineHistory.oldestLsn(t)) {
                throw TimelineHistory.outOfRange(t, "LSN before the oldest point still available on " + branch,
                    "branch", branch, "lsn", at);
            }
            if (lsn > t.lastRecordLsn()) {
                throw StratumException.of(ErrorCode.OUT_OF_RANGE, "LSN past the end of " + branch + "'s WAL",
                    "branch", branch, "lsn", at, "last", Lsn.format(t.lastRecordLsn()));
            }
            return lsn;
        }
        final Instant time;
        try {
            time = Instant.parse(at);
        } catch (final DateTimeParseException e) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "bad point: expected an LSN like 0/16B3748 or an"
                + " ISO-8601 time like 2026-11-24T20:00:00Z", "at", at);
        }
        final Instant now = clock.instant();
        if (time.isAfter(now)) {
            throw StratumException.of(ErrorCode.OUT_OF_RANGE, "time is in the future", "at", at, "now", now);
        }
        final long micros = time.getEpochSecond() * 1_000_000L + time.getNano() / 1000;
        try {
            return TimelineHistory.lsnAtTime(t, micros);
        } catch (final StratumException e) {
            throw TimelineHistory.outOfRange(t, "time before the oldest point still available on " + branch,
                "branch", branch, "at", at);
        }
    }

    private static void checkUnprotected(final BranchNames names, final String name, final String what) {
        if (name != null && names.isProtected(name)) {
            throw StratumException.of(ErrorCode.CONFLICT, "branch is protected and cannot be " + what
                + " (stratum branch unprotect " + name + ")", "name", name);
        }
    }

    private TimelineInfo info(final TimelineId id) {
        for (final TimelineInfo i : ps().engine().listTimelines(tenant)) {
            if (i.id().equals(id)) {
                return i;
            }
        }
        throw StratumException.of(ErrorCode.NOT_FOUND, "no such timeline", "timeline", id);
    }

    /** Every timeline below {@code id}, parents before children (the engine lists parents first). */
    private static void descendants(final TimelineId id, final List<TimelineInfo> all, final List<TimelineInfo> out) {
        final java.util.Set<TimelineId> below = new java.util.HashSet<>();
        below.add(id);
        for (final TimelineInfo i : all) {
            if (i.ancestor() != null && below.contains(i.ancestor())) {
                below.add(i.id());
                out.add(i);
            }
        }
    }

    private static List<String> labels(final List<TimelineInfo> l, final Map<TimelineId, String> byId) {
        final List<String> out = new ArrayList<>();
        for (final TimelineInfo i : l) {
            out.add(byId.getOrDefault(i.id(), i.id().toString()));
        }
        return out;
    }

    private Branch branch(final BranchNames names, final String name) {
        final TimelineId id = names.require(name);
        return branch(names, names.byTimeline(), info(id));
    }

    private Branch branch(final BranchNames names, final Map<TimelineId, String> byId, final TimelineInfo i) {
        final String name = byId.get(i.id());
        long micros = -1;
        if (i.ancestor() != null) {
            micros = TimelineHistory.microsAt(timeline(i.ancestor()), i.ancestorLsn());
        }
        return new Branch(name, i.id(), i.ancestor() == null ? null : byId.getOrDefault(i.ancestor(), "-"),
            i.ancestor(), i.ancestorLsn(), micros, i.lastRecordLsn(), names.isProtected(name), connection(name), -1, -1);
    }

    /** {@code postgresql://stratum@HOST:PORT/DATABASE}, with {@code /} in the database name escaped. */
    public String connection(final String database) {
        final String c = computeAddress.get();
        return c == null ? null : "postgresql://stratum@" + c + "/"
            + database.replace("%", "%25").replace("/", "%2F").replace(" ", "%20");
    }
}
