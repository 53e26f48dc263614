package io.stratum.raft.statemachine;

import io.stratum.raft.protocol.Protocol;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.WalLog;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies APPEND entries, in log order, to their timeline: an append that starts at the timeline's committed
 * end lands (its records are copied into the WalLog and the end moves); one that starts <em>beyond</em> the
 * end is parked until the appends before it land, so that a writer may keep several requests in flight on
 * several connections (which reach the log in any order) without a spurious CONFLICT.
 *
 * <p>Parking is part of the replicated state: it depends only on the entries applied so far, in log order,
 * so every replica parks and lands the same appends at the same entries, and a replay after a restart does
 * again what the first apply did. A parked append's request is answered at once with its timeline's current
 * end and a parked flag ({@link Protocol#parkedReply}): the writer counts it acknowledged once a later reply's
 * end covers it (the reply of the append that fills the gap carries the end after everything it let land).
 * Its records wait in memory (a copy), so no snapshot is written while anything is parked
 * ({@link #anyParked}): a restart then replays from an older snapshot and parks them again from the Raft log.
 *
 * <p>Bounds: at most {@link #MAX_PARKED} appends per timeline (another one is refused as CONFLICT); an
 * append still parked {@link #EXPIRE_ENTRIES} entries after the one that parked it is dropped (its writer
 * stopped filling the gap: its request long timed out); an ACQUIRE (a new writer's epoch) or a DELETE drops
 * the timeline's parked appends.
 *
 * <p>Threads: the state machine's apply thread only.
 */
final class Appends {
    private static final Logger LOG = LoggerFactory.getLogger(Appends.class);
    static final int MAX_PARKED = 16;
    static final long EXPIRE_ENTRIES = 4096;

    private final StateMachineSettings settings;
    private final TenantId tenant;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer parkedView = new UnsafeBuffer(0, 0);
    private int parked; // across the group's timelines

    Appends(final StateMachineSettings settings, final TenantId tenant) {
        this.settings = settings;
        this.tenant = tenant;
    }

    /** Whether any append waits for the ones before it (no snapshot may be written meanwhile). */
    boolean anyParked() {
        return parked > 0;
    }

    /**
     * Applies the APPEND in {@code b} (its header at {@code p}, {@code records} bytes of records after it),
     * the entry at {@code index}; returns the reply. Throws FENCED, CONFLICT or LIMIT_EXCEEDED to refuse it,
     * IO_ERROR when the WalLog copy fails.
     */
    byte[] apply(final TimelineState t, final ByteBuffer b, final int p, final int records, final long index) {
        final long epoch = b.getLong(p + Protocol.APPEND_EPOCH_OFFSET);
        final long start = b.getLong(p + Protocol.APPEND_START_OFFSET);
        if (epoch != t.epoch) {
            throw fenced(t, epoch);
        }
        if (records <= 0 || records > settings.maxAppendBytes()) {
            throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "append size out of range", "length", records);
        }
        view.wrap(b, p + Protocol.APPEND_HEADER_LENGTH, records);
        if (start > t.end) {
            return park(t, start, records, index);
        }
        if (start < t.end) {
            if (t.sameBytes(start, view, 0, records)) {
                return Protocol.okLsnReply(start + records, t.epoch);
            }
            throw conflict(t, start);
        }
        land(t, start, view, records);
        for (Map.Entry<Long, TimelineState.Parked> e; (e = t.parked.firstEntry()) != null && e.getKey() <= t.end; ) {
            t.parked.remove(e.getKey());
            parked--;
            if (e.getKey() == t.end) {
                final byte[] r = e.getValue().records();
                parkedView.wrap(r);
                land(t, e.getKey(), parkedView, r.length);
            } // else an append that overlaps what landed meanwhile: its writer failed and moved on, drop it
        }
        final List<Runnable> waiters = t.drainWaiters();
        if (waiters != null) {
            for (final Runnable r : waiters) {
                settings.pollExecutor().execute(r);
            }
        }
        return Protocol.okLsnReply(t.end, t.epoch);
    }

    private byte[] park(final TimelineState t, final long start, final int records, final long index) {
        if (!t.parked.containsKey(start)) { // else a retry of a parked append: it waits already
            if (t.parked.size() >= MAX_PARKED) {
                throw StratumException.of(ErrorCode.CONFLICT, "append starts beyond the timeline's end and too many "
                    + "appends wait for the gap before them", "timeline", t.id, "start", Lsn.format(start),
                    "end", Lsn.format(t.end), "parked", t.parked.size());
            }
            final byte[] copy = new byte[records];
            view.getBytes(0, copy);
            t.parked.put(start, new TimelineState.Parked(index, copy));
            parked++;
            settings.stats().appendParked();
        }
        return Protocol.parkedReply(t.end, t.epoch);
    }

    /** Copies records that start at the committed end into the WalLog (or finds them there, replaying). */
    private void land(final TimelineState t, final long start, final UnsafeBuffer src, final int records) {
        final WalLog log = t.log;
        final long physical = log.endLsn();
        if (physical == start) {
            log.appendAt(start, src, 0, records);
        } else if (physical < start) {
            LOG.error("timeline {} of tenant {}: local WAL ends at {} but the next entry starts at {}; restarting it",
                t.id, tenant, Lsn.format(physical), Lsn.format(start));
            log.resetTo(start);
            log.appendAt(start, src, 0, records);
        } else if (physical < start + records) {
            // a crash kept only the first records of this entry (the copy's unsynced tail was cut at a record
            // boundary): append the rest, or the WAL after it would be missing here
            final int kept = (int) (physical - start);
            log.appendAt(physical, src, kept, records - kept);
        } // else: replaying an entry this WalLog already holds whole (restart after a crash)
        settings.stats().appended(records);
        t.end = start + records;
    }

    /** Drops a timeline's parked appends (a new writer acquired it, or it is deleted). */
    void drop(final TimelineState t) {
        parked -= t.parked.size();
        t.parked.clear();
    }

    /** Drops appends parked more than {@link #EXPIRE_ENTRIES} entries before {@code index}. */
    void expire(final Collection<TimelineState> timelines, final long index) {
        if (parked == 0) {
            return;
        }
        for (final TimelineState t : timelines) {
            if (t.parked.values().removeIf(w -> index - w.index() > EXPIRE_ENTRIES)) {
                parked = 0;
                for (final TimelineState u : timelines) {
                    parked += u.parked.size();
                }
            }
        }
    }

    static StratumException fenced(final TimelineState t, final long epoch) {
        return StratumException.of(ErrorCode.FENCED, "writer epoch is not the timeline's current one",
            "timeline", t.id, "epoch", epoch, "current", t.epoch);
    }

    static StratumException conflict(final TimelineState t, final long start) {
        return StratumException.of(ErrorCode.CONFLICT, "append does not start at the timeline's end",
            "timeline", t.id, "start", Lsn.format(start), "end", Lsn.format(t.end));
    }
}
