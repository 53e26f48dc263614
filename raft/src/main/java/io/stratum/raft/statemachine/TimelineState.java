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
 * One incarnation of a timeline inside a tenant's state machine (created by the CREATE entry at
 * {@link #createIndex}): its committed state (epoch, committed end, persisted LSN, changed only by the apply
 * thread, in log order), its tentative state (epoch and end as of the last entry written to the Raft log,
 * guarded by the {@link Tentative} lock) and its local {@link WalLog}, which holds the WAL up to the tentative
 * end: the payload of an append is written here once, when its entry is written ({@link Tentative}).
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
    /** Raft index of the CREATE entry, which names the WAL directory; -1: created before indices named it. */
    final long createIndex;
    /** Epoch as of the last entry written (Tentative lock). */
    long tentativeEpoch;
    /** End as of the last entry written (Tentative lock); the WalLog ends here too unless WAL is missing. */
    long tentativeEnd;
    /**
     * The end of the last append whose WAL this copy skipped because the leader said no one needs it (deleted,
     * or below the persisted LSN), or -1 (Tentative lock): the next append may start the WalLog again there.
     */
    long skippedTo = -1;

    private final Object readLock = new Object();
    private WalReader cachedReader;              // guarded by readLock
    private WalReader rangeReader;               // guarded by readLock: copyRange's, where the last call ended
    private final List<Runnable> waiters = new ArrayList<>(); // guarded by this

    TimelineState(final TimelineId id, final long createIndex, final WalLog log, final long createdAt,
                  final long epoch, final long end, final long persisted) {
        this.id = id;
        this.createIndex = createIndex;
        this.log = log;
        this.createdAt = createdAt;
        this.epoch = epoch;
        this.end = end;
        this.persisted = persisted;
        this.tentativeEpoch = epoch;
        this.tentativeEnd = end;
    }

    /** The WAL directory's name: the timeline id, then the CREATE entry's index. */
    static String dirName(final TimelineId id, final long createIndex) {
        return createIndex < 0 ? id.toString() : id + "." + createIndex;
    }

    String dirName() {
        return dirName(id, createIndex);
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
     * Whether the WAL at {@code [startLsn, startLsn + length)}, below {@code limit}, holds exactly these bytes
     * (a retried append). False when it differs or can no longer be read here.
     */
    boolean sameBytes(final long startLsn, final DirectBuffer src, final int offset, final int length,
                      final long limit) {
        final long stop = startLsn + length;
        if (startLsn < log.beginLsn() || stop > limit || stop > log.endLsn()) {
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
     * Copies the WAL at {@code [startLsn, startLsn + length)} into {@code out} (room for {@code length}), for a
     * follower that needs an entry's payload again; false when this copy does not hold all of it.
     */
    boolean copyRange(final long startLsn, final int length, final org.agrona.MutableDirectBuffer out) {
        final long stop = startLsn + length;
        if (startLsn < log.beginLsn() || stop > log.endLsn()) {
            return false;
        }
        synchronized (readLock) {
            if (log.writtenLsn() < stop) {
                log.writeOut(stop);
            }
            // a lagging follower asks for entry after entry: the reader left where the last range ended goes on
            // (a new one would allocate and fill its read buffer, up to 2 MiB, for each entry of about 1 KiB)
            if (rangeReader == null || rangeReader.position() != startLsn) {
                if (rangeReader != null) {
                    rangeReader.close();
                }
                rangeReader = log.readerOfWritten(startLsn);
            }
            final WalReader r = rangeReader;
            try {
                int at = 0;
                while (r.position() < stop) {
                    if (!r.next()) {
                        break;
                    }
                    final WalRecordDecoder d = r.record();
                    if (at + d.length() > length) {
                        break;
                    }
                    out.putBytes(at, d.buffer(), d.offset(), d.length());
                    at += d.length();
                }
                if (at == length) {
                    return true;
                }
            } catch (final StratumException e) {
                if (e.code() == ErrorCode.IO_ERROR) {
                    throw e;
                }
                // cut or deleted meanwhile
            }
            r.close();
            rangeReader = null;
            return false;
        }
    }

    void close() {
        synchronized (readLock) {
            if (cachedReader != null) {
                cachedReader.close();
                cachedReader = null;
            }
            if (rangeReader != null) {
                rangeReader.close();
                rangeReader = null;
            }
        }
        log.close();
    }
}
