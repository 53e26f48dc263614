package io.stratum.raft.statemachine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.raftlog.RaftLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the Raft log of a division whose WAL copy failed on the data path (the payload written once), so that
 * the node acknowledges nothing more.
 *
 * <p>Why: Ratis keeps the entries it was given in its log cache even when their writes failed. The leader's
 * appender restarts after every failed reply and resends them; the follower finds them cached, creates no write
 * and answers SUCCESS, so it would acknowledge entries it never persisted (with the third node slow or down, the
 * leader and the failed node could commit WAL that only the leader holds: {@code PayloadOnceFailStopTest}). A
 * closed log refuses every append, cached or not ({@code RaftLogBase.checkLogState}). The state machine's
 * data-path failures are answered through {@link #after}, so no failed reply reaches the leader while the log is
 * still open.
 *
 * <p>{@code SegmentedRaftLog.close} takes the log's write lock, which Ratis holds while it calls the state
 * machine's {@code write}, and then waits for the log worker, which may itself be waiting for the state
 * machine's {@code flush}: so the log is closed on a thread of its own, and the answers are released as soon as
 * the log reports itself closed (the first step of its close), not when the close has finished.
 *
 * <p>Threads: two short-lived daemon threads, once per division: {@code stratum-wal-logstop} closes the log,
 * {@code stratum-wal-logstop-wait} watches it (every 100 us, at most {@link #WAIT_MS}) and releases the answers.
 */
final class RaftLogStop {
    private static final Logger LOG = LoggerFactory.getLogger(RaftLogStop.class);
    private static final long WAIT_MS = 10_000;

    /** Completes once the Raft log refuses appends (or when it could not be closed: the failure is logged). */
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final AtomicBoolean started = new AtomicBoolean();

    /**
     * {@code stop} (a failed future), completed only once {@code group}'s Raft log on {@code server} is closed;
     * the first call starts closing it.
     */
    <T> CompletableFuture<T> after(final CompletableFuture<RaftServer> server, final RaftGroupId group,
                                   final Object tenant, final CompletableFuture<T> stop) {
        if (started.compareAndSet(false, true)) {
            final Thread waiter = new Thread(() -> run(server, group, tenant), "stratum-wal-logstop-wait");
            waiter.setDaemon(true);
            waiter.start();
        }
        return closed.thenCompose(v -> stop);
    }

    private void run(final CompletableFuture<RaftServer> server, final RaftGroupId group, final Object tenant) {
        try {
            final RaftLog log = server.get(WAIT_MS, TimeUnit.MILLISECONDS).getDivision(group).getRaftLog();
            final Thread closer = new Thread(() -> {
                try {
                    log.close();
                } catch (final Exception e) {
                    LOG.warn("tenant {}: closing the Raft log of a fail-stopped WAL node: {}", tenant, e.toString());
                }
            }, "stratum-wal-logstop");
            closer.setDaemon(true);
            closer.start();
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (log.isOpened() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(100_000);
            }
            if (log.isOpened()) {
                LOG.error("tenant {}: the Raft log of a fail-stopped WAL node did not close within {} ms", tenant,
                    WAIT_MS);
            } else {
                LOG.warn("tenant {}: the Raft log of this fail-stopped WAL node is closed; it acknowledges nothing "
                    + "until the node restarts", tenant);
            }
        } catch (final Exception e) {
            LOG.error("tenant {}: could not close the Raft log of a fail-stopped WAL node: {}", tenant, e.toString());
        } finally {
            closed.complete(null);
        }
    }
}
