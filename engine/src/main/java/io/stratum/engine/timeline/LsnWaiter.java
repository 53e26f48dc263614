package io.stratum.engine.timeline;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;

/** Lets reads wait, bounded, until their timeline has ingested an LSN. */
final class LsnWaiter {
    private final Timeline t;
    private int waiters;

    LsnWaiter(final Timeline t) {
        this.t = t;
    }

    /**
     * Waits until {@code t.lastRecordLsn() >= lsn}, at most {@code timeoutMillis} in all (an explicit wait:
     * its caller's client waits that long and no longer).
     *
     * @throws StratumException TIMEOUT after {@code timeoutMillis}, CLOSED when the timeline closes
     */
    void await(final long lsn, final long timeoutMillis) {
        await(lsn, timeoutMillis, false);
    }

    /**
     * Waits until {@code t.lastRecordLsn() >= lsn} while ingest keeps advancing: it fails only after
     * {@code idleMillis} in which the timeline ingested nothing. A read at the compute's last-written LSN
     * may find ingest far behind (a bulk load, image creation competing for the cores); it is slow then,
     * not wrong, and should wait for as long as the gap is closing. The compute's page requests bound the
     * total wait on their side.
     *
     * @throws StratumException TIMEOUT after {@code idleMillis} without progress, CLOSED when the timeline closes
     */
    void awaitWhileAdvancing(final long lsn, final long idleMillis) {
        await(lsn, idleMillis, true);
    }

    private synchronized void await(final long lsn, final long timeoutMillis, final boolean idle) {
        final long timeoutNanos = timeoutMillis * 1_000_000L;
        long deadline = System.nanoTime() + timeoutNanos;
        long seen = t.lastRecordLsn();
        waiters++;
        try {
            while (t.lastRecordLsn() < lsn) {
                if (t.isClosed()) {
                    throw StratumException.of(ErrorCode.CLOSED, "timeline is closed", "timeline", t.id());
                }
                final long last = t.lastRecordLsn();
                if (idle && last > seen) {
                    seen = last;
                    deadline = System.nanoTime() + timeoutNanos;
                }
                final long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw StratumException.of(ErrorCode.TIMEOUT, idle
                            ? "timed out waiting for WAL to be ingested: ingest made no progress"
                            : "timed out waiting for WAL to be ingested",
                        "timeline", t.id(), "lsn", Lsn.format(lsn), "lastRecordLsn", Lsn.format(last),
                        idle ? "idleMillis" : "timeoutMillis", timeoutMillis);
                }
                wait(Math.max(1, left / 1_000_000L));
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StratumException.of(ErrorCode.TIMEOUT, "interrupted waiting for WAL", "timeline", t.id());
        } finally {
            waiters--;
        }
    }

    /** Wakes waiters (after ingest advanced, or on close). */
    synchronized void wake() {
        if (waiters > 0) {
            notifyAll();
        }
    }
}
