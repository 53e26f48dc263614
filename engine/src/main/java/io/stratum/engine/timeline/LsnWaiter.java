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
     * Waits until {@code t.lastRecordLsn() >= lsn}.
     *
     * @throws StratumException TIMEOUT after {@code timeoutMillis}, CLOSED when the timeline closes
     */
    synchronized void await(final long lsn, final long timeoutMillis) {
        final long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        waiters++;
        try {
            while (t.lastRecordLsn() < lsn) {
                if (t.isClosed()) {
                    throw StratumException.of(ErrorCode.CLOSED, "timeline is closed", "timeline", t.id());
                }
                final long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw StratumException.of(ErrorCode.TIMEOUT, "timed out waiting for WAL to be ingested",
                        "timeline", t.id(), "lsn", Lsn.format(lsn), "lastRecordLsn", Lsn.format(t.lastRecordLsn()),
                        "timeoutMillis", timeoutMillis);
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
