package io.stratum.cluster;

import io.stratum.compute.session.Portal;
import io.stratum.compute.session.PreparedStatement;
import io.stratum.compute.session.Session;
import io.stratum.compute.session.SqlException;
import io.stratum.engine.http.Json;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.TimelineId;
import java.util.ArrayList;
import java.util.List;

/**
 * Branch diff and merge of the local cluster, on its {@link BranchManager} (one operation at a time, under
 * the manager's lock): finds both heads (what the page server has ingested once it has everything the
 * compute committed), their fork, opens the read-only views and runs {@link BranchDiff} or
 * {@link BranchMerge}; a merge's plan then runs in one transaction on PARENT through a compute session.
 * Threads: none.
 */
public final class BranchChanges {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BranchChanges.class);
    /** The outcome of a merge: the plan, the fork, and whether it was applied. */
    record Merged(String source, String into, long forkLsn, BranchMerge.Plan plan, boolean applied, boolean dryRun) {
    }

    private final BranchManager branches;

    public BranchChanges(final BranchManager branches) {
        this.branches = branches;
    }

    /**
     * What differs between branches {@code a} and {@code b} ({@link BranchDiff}); {@code rows} lists the rows;
     * {@code full} reads every table whole instead of the pages changed since the fork.
     */
    BranchDiff.Result diff(final String a, final String b, final boolean rows, final boolean full) {
        synchronized (branches) {
            final BranchNames names = branches.names();
            final Timeline ta = branches.timeline(names.require(a));
            final Timeline tb = branches.timeline(names.require(b));
            final long t0 = System.nanoTime();
            final long ha = branches.latest(ta, a);
            final long hb = branches.latest(tb, b);
            final BranchFork fork = BranchFork.of(ta, ha, tb, hb, branches::timeline);
            final long t1 = System.nanoTime();
            try (BranchView va = new BranchView(ta, ha); BranchView vb = new BranchView(tb, hb)) {
                final long t2 = System.nanoTime();
                final BranchDiff.Result r = BranchDiff.of(a, va, b, vb, fork, rows, full);
                if (LOG.isDebugEnabled()) {
                    LOG.debug("diff {} {}: heads and fork {} us, views {} us, diff {} us", a, b, (t1 - t0) / 1000,
                        (t2 - t1) / 1000, (System.nanoTime() - t2) / 1000);
                }
                return r;
            }
        }
    }

    /** Whether branch {@code name} has table {@code qualified} ({@code public.orders}) at its latest state. */
    boolean hasTable(final String name, final String qualified) {
        synchronized (branches) {
            final Timeline t = branches.timeline(branches.names().require(name));
            try (BranchView v = new BranchView(t, branches.latest(t, name))) {
                return v.tables().containsKey(qualified);
            }
        }
    }

    /** The diff as JSON ({@code docs/branching.md}). */
    public String diffJson(final String a, final String b, final boolean rows) {
        return diffJson(a, b, rows, false);
    }

    /** The diff as JSON; {@code full} reads every table whole. */
    public String diffJson(final String a, final String b, final boolean rows, final boolean full) {
        return BranchDiff.json(diff(a, b, rows, full));
    }

    /**
     * Merges {@code source} into {@code into} (null: its parent branch). With conflicts and no side picked,
     * or with {@code dryRun}, nothing is applied.
     *
     * @param resolve null, {@code ours} or {@code theirs}
     * @throws StratumException NOT_FOUND (unknown branch), INVALID_ARGUMENT (no parent, into itself, a table
     *     without a primary key), CONFLICT (conflicting schema changes; the transaction failed on PARENT)
     */
    Merged merge(final String source, final String into, final boolean dryRun, final String resolve) {
        final BranchMerge.Resolve how = resolve == null ? BranchMerge.Resolve.NONE : switch (resolve) {
            case "ours" -> BranchMerge.Resolve.OURS;
            case "theirs" -> BranchMerge.Resolve.THEIRS;
            default -> throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "resolve must be ours or theirs",
                "resolve", resolve);
        };
        synchronized (branches) {
            final BranchNames names = branches.names();
            final Timeline ts = branches.timeline(names.require(source));
            String parent = into;
            if (parent == null) {
                final TimelineId up = ts.ancestorId();
                parent = up == null ? null : names.byTimeline().get(up);
                if (parent == null) {
                    throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "branch has no named parent to merge into;"
                        + " name one with --into", "name", source);
                }
            }
            if (parent.equals(source)) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "a branch cannot be merged into itself",
                    "name", source);
            }
            final Timeline tp = branches.timeline(names.require(parent));
            final long hs = branches.latest(ts, source);
            final long hp = branches.latest(tp, parent);
            final BranchFork fork = BranchFork.of(tp, hp, ts, hs, branches::timeline);
            final BranchMerge.Plan plan;
            try (BranchView base = new BranchView(fork.common, fork.forkLsn); BranchView ours = new BranchView(tp, hp);
                 BranchView theirs = new BranchView(ts, hs)) {
                plan = BranchMerge.plan(base, ours, theirs, fork, how);
            }
            final boolean apply = !dryRun && (plan.conflicts().isEmpty() || how != BranchMerge.Resolve.NONE)
                && !plan.sql().isEmpty();
            if (apply) {
                run(parent, plan.sql());
            }
            return new Merged(source, parent, fork.forkLsn, plan, apply, dryRun);
        }
    }

    /** Runs {@code statements} in one transaction on branch {@code database}; on any error none of it stays. */
    private void run(final String database, final List<String> statements) {
        try (Session s = branches.session(database)) {
            final List<String> all = new ArrayList<>();
            all.add("BEGIN");
            all.addAll(statements);
            all.add("COMMIT");
            for (final String sql : all) {
                try {
                    exec(s, sql);
                } catch (final SqlException e) {
                    throw StratumException.of(ErrorCode.CONFLICT, "the merge failed on the target branch; nothing"
                        + " was applied: " + e.getMessage(), "sqlstate", e.sqlState(), "statement", sql);
                }
            }
        }
    }

    private static void exec(final Session s, final String sql) {
        final PreparedStatement ps = s.prepare(sql, List.of());
        try (Portal p = s.bind(ps, new Object[0])) {
            p.execute(0, row -> { });
        }
        s.sync();
    }

    /** A merge as JSON ({@code docs/branching.md}). */
    String mergeJson(final Merged m) {
        final List<String> conflicts = new ArrayList<>();
        for (final BranchMerge.Conflict c : m.plan().conflicts()) {
            conflicts.add(Json.object("table", c.table(), "key", c.key(), "column", c.column(), "base", c.base(),
                "ours", c.ours(), "theirs", c.theirs()));
        }
        final List<String> sql = new ArrayList<>();
        for (final String s : m.plan().sql()) {
            sql.add(Json.quote(s + ";"));
        }
        final List<String> schema = new ArrayList<>();
        for (final String s : m.plan().schemaChanges()) {
            schema.add(Json.quote(s));
        }
        return "{\"source\":" + Json.quote(m.source()) + ",\"into\":" + Json.quote(m.into()) + ",\"fork_lsn\":"
            + Json.quote(Lsn.format(m.forkLsn())) + ",\"fast_forward\":" + m.plan().fastForward() + ",\"dry_run\":"
            + m.dryRun() + ",\"applied\":" + m.applied() + ",\"inserted\":" + m.plan().inserted() + ",\"updated\":"
            + m.plan().updated() + ",\"deleted\":" + m.plan().deleted() + ",\"schema\":[" + String.join(",", schema)
            + "],\"conflicts\":[" + String.join(",", conflicts) + "],\"sql\":[" + String.join(",", sql) + "]}";
    }
}
