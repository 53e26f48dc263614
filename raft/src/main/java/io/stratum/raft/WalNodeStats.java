package io.stratum.raft;

import io.stratum.raft.ratismetrics.LeanMetricRegistries;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running figures of one WAL node, for its {@code /metrics} (the daemon side turns them into Prometheus
 * metrics at scrape time): WAL bytes and entries appended to this node's copies (every replica counts what it
 * applies), the commit latency of the appends this node led (from the leader receiving the request to the
 * entry being applied on it, which is when the writer is answered), and the time its Raft log spent in fsync.
 * <p>Threads: none; updated by Ratis's apply threads, read by any thread.
 */
public final class WalNodeStats {
    /** Upper bounds (seconds) of the commit latency buckets; a last, unbounded bucket follows. */
    private static final double[] COMMIT_BOUNDS = {0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
        0.25, 0.5, 1, 2.5, 5, 10};

    private final String member;
    private final LongAdder appendedBytes = new LongAdder();
    private final LongAdder appendedEntries = new LongAdder();
    private final LongAdder[] commitBuckets = new LongAdder[COMMIT_BOUNDS.length + 1];
    private final LongAdder commitNanos = new LongAdder();
    private final LongAdder parkedReads = new LongAdder();
    private final LongAdder tailCutEntries = new LongAdder();

    WalNodeStats(final int id) {
        this.member = RaftSettings.peerId(id) + "@";
        for (int i = 0; i < commitBuckets.length; i++) {
            commitBuckets[i] = new LongAdder();
        }
    }

    /** Called for each append entry applied on this node. */
    public void appended(final int bytes) {
        appendedBytes.add(bytes);
        appendedEntries.increment();
    }

    /** Called when an append this node led is applied here, {@code nanos} after the request reached it. */
    public void committed(final long nanos) {
        final double s = nanos / 1e9;
        int b = 0;
        while (b < COMMIT_BOUNDS.length && s > COMMIT_BOUNDS[b]) {
            b++;
        }
        commitBuckets[b].increment();
        commitNanos.add(nanos);
    }

    /** A stream read was parked waiting for new WAL ({@code +1}), or answered after being parked ({@code -1}). */
    public void parked(final int delta) {
        parkedReads.add(delta);
    }

    /**
     * A restart cut {@code entries} entries off a group's Raft log here: their records were lost from the WAL copy
     * before this node acknowledged them (with the payload written once; the leader sends them again).
     */
    public void tailCut(final long entries) {
        tailCutEntries.add(entries);
    }

    /** Raft log entries cut at restarts because the WAL copy had lost their records, since this node started. */
    public long tailCutEntries() {
        return tailCutEntries.sum();
    }

    /** Stream reads parked on this node now, waiting for new WAL. */
    public long parkedReads() {
        return parkedReads.sum();
    }

    public long appendedBytes() {
        return appendedBytes.sum();
    }

    public long appendedEntries() {
        return appendedEntries.sum();
    }

    /** The bucket bounds in seconds (without the unbounded last one). */
    public static double[] commitBounds() {
        return COMMIT_BOUNDS.clone();
    }

    /** The count of each bucket (not cumulative), the last being the unbounded one. */
    public long[] commitCounts() {
        final long[] out = new long[commitBuckets.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = commitBuckets[i].sum();
        }
        return out;
    }

    public double commitSeconds() {
        return commitNanos.sum() / 1e9;
    }

    /** Syncs of this node's Raft logs (all groups) so far. */
    public long logSyncs() {
        return LeanMetricRegistries.timerCount(member, LeanMetricRegistries.SYNC_TIMER);
    }

    /** Seconds this node's Raft logs (all groups) spent syncing so far. */
    public double logSyncSeconds() {
        return LeanMetricRegistries.timerNanos(member, LeanMetricRegistries.SYNC_TIMER) / 1e9;
    }
}
