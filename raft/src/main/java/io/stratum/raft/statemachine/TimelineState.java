package io.stratum.raft.statemachine;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalLog;
import io.stratum.wal.WalReader;
import io.stratum.wal.codec.WalRecordDecoder;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;

/**
 * One timeline inside a tenant's state machine: its replicated state (epoch, committed end, persisted LSN,
 * changed only by the apply thread, in log order) and its local {@link WalLog}.
 */
final class TimelineState {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TimelineState.class);
    final TimelineId id;
    final WalLog log;
    /** Current writer epoch (0: no writer yet). */
    volatile long epoch;
    /** Committed end LSN as the replicated state says (may be below log.endLsn() while replaying). */
    volatile long end;
    /** Lowest LSN still needed by the page server; WAL below it may be deleted. */
    volatile long persisted;
    /** Start LSN given at creation. */
    final long createdAt;

    private final Object readLock = new Object();
    private WalReader cachedReader;              // guarded by readLock
    private final List<Runnable> waiters = new ArrayList<>(); // guarded by this

    TimelineState(final TimelineId id, final WalLog log, final long createdAt, final long epoch, final long end,
                  final long persisted) {
        this.id = id;
        this.log = log;
        this.createdAt = createdAt;
        this.epoch = epoch;
        this.end = end;
        this.persisted = persisted;
    }

    /** Registers a callback run (on another thread) when the end advances; false when too many wait. */
    synchronized boolean addWaiter(final Runnable r, final int max) {
        if (waiters.size() >= max) {
            return false;
        }
        waiters.add(r);
        return true;
    }

    synchronized boolean removeWaiter(final Runnable r) {
        return waiters.remove(r);
    }

    /** Takes the waiters (or null when none). */
    synchronized List<Runnable> drainWaiters() {
        if (waiters.isEmpty()) {
            return null;
        }
        final List<Runnable> copy = new ArrayList<>(waiters);
        waiters.clear();
        return copy;
    }

    /**
     * Copies whole committed records from {@code fromLsn} into {@code out} at {@code outOffset} until at least
     * {@code max} bytes are copied or the committed end is reached; {@code out} must have room for {@code max}
     * plus one largest record. Returns the bytes copied.
     */
    int read(final long fromLsn, final org.agrona.MutableDirectBuffer out, final int outOffset, final int max) {
        final long committed = end;
        if (fromLsn >= committed) {
            return 0;
        }
        synchronized (readLock) {
            // committed WAL is durable in the Raft log: serving it needs it in the OS, not synced here
            // (a sync per read was one fsync per commit on the node the page server streams from)
            final long physicalEnd = Math.min(committed, log.endLsn());
            if (log.writtenLsn() < physicalEnd) {
                log.writeOut(physicalEnd);
            }
            if (cachedReader == null || cachedReader.position() != fromLsn) {
                if (cachedReader != null) {
                    cachedReader.close(); // frees its direct buffer now, not when the GC finds it
                    cachedReader = null;
                }
                if (fromLsn < log.beginLsn()) {
                    throw StratumException.of(ErrorCode.OUT_OF_RANGE, "WAL below this LSN was deleted on this node",
                        "lsn", Lsn.format(fromLsn), "begin", Lsn.format(log.beginLsn()), "timeline", id);
                }
                cachedReader = log.readerOfWritten(fromLsn);
            }
            int n = 0;
            final WalReader r = cachedReader;
            while (n < max && r.position() < committed && r.next()) {
                final WalRecordDecoder d = r.record();
                out.putBytes(outOffset + n, d.buffer(), d.offset(), d.length());
                n += d.length();
            }
            return n;
        }
    }

    /**
     * Whether the committed WAL at {@code [startLsn, startLsn + length)} holds exactly these bytes (a retried
     * append). False when it differs or can no longer be read here.
     */
    boolean sameBytes(final long startLsn, final DirectBuffer src, final int offset, final int length) {
        final long stop = startLsn + length;
        if (startLsn < log.beginLsn() || stop > end || stop > log.endLsn()) {
            return false;
        }
        synchronized (readLock) {
            if (log.writtenLsn() < stop) {
                log.writeOut(stop);
            }
            try (WalReader r = log.readerOfWritten(startLsn)) {
                int at = 0;
                while (r.position() < stop) {
                    if (!r.next()) {
                        return false;
                    }
                    final WalRecordDecoder d = r.record();
                    if (at + d.length() > length) {
                        return false;
                    }
                    for (int i = 0; i < d.length(); i++) {
                        if (d.buffer().getByte(d.offset() + i) != src.getByte(offset + at + i)) {
                            return false;
                        }
                    }
                    at += d.length();
                }
                return at == length;
            } catch (final StratumException e) {
                return false;
            }
        }
    }

    /**
     * Copies an entry's records, which start at the committed end, into the WalLog (apply thread), or finds
     * them there when a replay after a crash meets an entry the copy already holds, whole or in part.
     */
    void copyIn(final long start, final DirectBuffer src, final int records, final io.stratum.wal.TenantId tenant) {
        final long physical = log.endLsn();
        if (physical == start) {
            log.appendAt(start, src, 0, records);
        } else if (physical < start) {
            LOG.error("timeline {} of tenant {}: local WAL ends at {} but the next entry starts at {}; restarting it",
                id, tenant, Lsn.format(physical), Lsn.format(start));
            log.resetTo(start);
            log.appendAt(start, src, 0, records);
        } else if (physical < start + records) {
            // a crash kept only the first records of this entry (the copy's unsynced tail was cut at a record
            // boundary): append the rest, or the WAL after it would be missing here
            final int kept = (int) (physical - start);
            log.appendAt(physical, src, kept, records - kept);
        } // else: replaying an entry this WalLog already holds whole (restart after a crash)
    }

    void close() {
        synchronized (readLock) {
            if (cachedReader != null) {
                cachedReader.close();
                cachedReader = null;
            }
        }
        log.close();
    }
}
