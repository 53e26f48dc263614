package io.stratum.raft.statemachine;

import io.stratum.raft.WalNodeStats;
import io.stratum.wal.auth.AuthKey;
import io.stratum.wal.io.FileIo;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every tenant state machine of a WAL node shares: limits, WAL file settings and the node's poll
 * executor (which serves long-polling reads and their timeouts). Built by {@code WalNode}.
 *
 * @param segmentSize bytes per WAL segment file of a timeline
 * @param maxRecordLength largest WAL record accepted
 * @param maxAppendBytes largest append (records of one call) accepted
 * @param maxReadBytes bytes a read reply aims at (it may exceed it by one record)
 * @param snapshotEvery Raft entries between two snapshot files
 * @param keepSnapshots snapshot files kept above the newest one that retention allows to install
 * @param maxWaiters long-polling reads parked per timeline; more are answered at once, empty
 * @param pollExecutor serves parked reads and their timeouts
 * @param fileIo the file-system facade
 * @param stats the node's running figures (appends applied, commit latency of the appends it led)
 * @param authKey when set, every request needs a token scoped to its tenant ({@link RequestAuth}); null: open
 * @param readPort the node's WAL stream endpoint port, which a READ_PORT query answers (0: the node has none)
 * @param payloadOnce an append's records travel as Ratis state-machine data, written once into the WalLog
 *     ({@link Tentative}); false: they are in the Raft log entry and copied into the WalLog at apply
 * @param inlineAppendBytes with {@code payloadOnce}: an append of at most this many record bytes keeps its records
 *     in the Raft log entry, as without it (one fsync, Ratis's, acknowledges it; the WalLog copy is written when
 *     the entry is written and synced off the commit path): commit-sized appends cost one fsync, not two
 * @param syncExecutor where the WalLogs written once are fsynced, beside Ratis's fsync of its log (null: on
 *     Ratis's log worker, before it)
 * @param preallocExecutor where the WalLogs written once prepare their next segments, shared by all of them
 *     (null: each WalLog starts a thread of its own)
 */
public record StateMachineSettings(long segmentSize, int maxRecordLength, int maxAppendBytes, int maxReadBytes,
                                   long snapshotEvery, int keepSnapshots, int maxWaiters,
                                   ScheduledExecutorService pollExecutor, FileIo fileIo, WalNodeStats stats,
                                   AuthKey authKey, int readPort, boolean payloadOnce, int inlineAppendBytes,
                                   java.util.concurrent.Executor syncExecutor,
                                   java.util.concurrent.Executor preallocExecutor) {

    /** Settings without an auth key (open: loopback). */
    public StateMachineSettings(final long segmentSize, final int maxRecordLength, final int maxAppendBytes,
                                final int maxReadBytes, final long snapshotEvery, final int keepSnapshots,
                                final int maxWaiters, final ScheduledExecutorService pollExecutor, final FileIo fileIo,
                                final WalNodeStats stats) {
        this(segmentSize, maxRecordLength, maxAppendBytes, maxReadBytes, snapshotEvery, keepSnapshots, maxWaiters,
            pollExecutor, fileIo, stats, null, 0, false, 0, null, null);
    }
}
