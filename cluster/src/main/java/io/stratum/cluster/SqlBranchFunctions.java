package io.stratum.cluster;

import io.stratum.compute.BranchFunctions;
import io.stratum.engine.timeline.TimelineHistory;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import java.util.ArrayList;
import java.util.List;

/**
 * The compute's {@code stratum_branch_*} SQL functions on the local cluster's {@link BranchManager}: what
 * {@code stratum branch create|list|diff|merge} do, for an application or a CI pipeline connected to the
 * compute. Threads: none (runs on the calling session's thread).
 */
final class SqlBranchFunctions implements BranchFunctions {
    private final BranchManager branches;
    private final BranchChanges changes;

    SqlBranchFunctions(final BranchManager branches) {
        this.branches = branches;
        this.changes = new BranchChanges(branches);
    }

    @Override
    public String create(final String name, final String from, final String at) {
        return branches.create(name, from == null ? "main" : from, at).connection();
    }

    @Override
    public List<Object[]> list() {
        final List<Object[]> out = new ArrayList<>();
        for (final BranchManager.Branch b : branches.list()) {
            out.add(new Object[] {b.name(), b.parent(), b.parent() == null ? null : Lsn.format(b.branchLsn()),
                b.branchMicros() < 0 ? null : TimelineHistory.formatMicros(b.branchMicros()),
                Lsn.format(b.lastRecordLsn()), b.isProtected(), b.connection()});
        }
        return out;
    }

    @Override
    public List<Object[]> diff(final String from, final String to, final String table) {
        final BranchDiff.Result r = changes.diff(from, to, true, false);
        final List<Object[]> out = new ArrayList<>();
        final String q = table.contains(".") ? table : "public." + table;
        boolean known = false;
        for (final BranchDiff.TableChange t : r.tables()) {
            if (!t.table().equals(q)) {
                continue;
            }
            known = true;
            if (t.added() + t.modified() + t.removed() > t.rows().size()) {
                throw StratumException.of(ErrorCode.OUT_OF_RANGE, "more changed rows than a diff lists", "table", table,
                    "limit", BranchDiff.MAX_ROWS);
            }
            for (final BranchDiff.RowChange c : t.rows()) {
                out.add(new Object[] {c.to() == null ? null : BranchDiff.rowJson(t.to(), c.to()), Lsn.format(r.headB()),
                    c.from() == null ? null : BranchDiff.rowJson(t.from(), c.from()), Lsn.format(r.headA()), c.type()});
            }
        }
        if (!known && !r.schema().changedTables.contains(q) && !exists(from, q) && !exists(to, q)) {
            throw StratumException.of(ErrorCode.NOT_FOUND, "table does not exist on either branch", "table", table);
        }
        return out;
    }

    private boolean exists(final String branch, final String table) {
        return changes.hasTable(branch, table);
    }

    @Override
    public String merge(final String source, final String into, final String resolve) {
        final BranchChanges.Merged m = changes.merge(source, into, false, resolve);
        final List<BranchMerge.Conflict> conflicts = m.plan().conflicts();
        if (!m.applied() && !conflicts.isEmpty()) {
            final List<String> first = new ArrayList<>();
            for (final BranchMerge.Conflict c : conflicts.subList(0, Math.min(5, conflicts.size()))) {
                first.add(c.table() + "(" + c.key() + ")." + c.column() + ": base " + c.base() + ", ours " + c.ours()
                    + ", theirs " + c.theirs());
            }
            throw StratumException.of(ErrorCode.CONFLICT, conflicts.size() + " conflict(s), nothing applied; pick a"
                + " side with stratum_branch_merge(source, into, 'ours' or 'theirs'): " + String.join("; ", first),
                "source", source, "into", m.into());
        }
        return changes.mergeJson(m);
    }
}
