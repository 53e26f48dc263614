package io.stratum.engine.timeline;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Sparse LSN <-> commit time index: at most one entry per {@code granularity} micros, holding the end LSN
 * of the last commit record seen in that interval and its timestamp. "The LSN at time T" is the LSN of
 * the newest entry at or before T, so it may lag T by up to one interval. Guarded by its timeline.
 */
final class TimeIndex {
    private final long granularity;
    private long[] lsns = new long[64];
    private long[] micros = new long[64];
    private int size;
    private boolean dirty;

    TimeIndex(final long granularity) {
        this.granularity = granularity;
    }

    synchronized void add(final long lsn, final long timestampMicros) {
        if (size > 0) {
            final long last = micros[size - 1];
            if (timestampMicros < last) {
                return;
            }
            if (timestampMicros / granularity == last / granularity) {
                lsns[size - 1] = lsn;
                micros[size - 1] = timestampMicros;
                dirty = true;
                return;
            }
        }
        if (size == lsns.length) {
            lsns = Arrays.copyOf(lsns, size * 2);
            micros = Arrays.copyOf(micros, size * 2);
        }
        lsns[size] = lsn;
        micros[size++] = timestampMicros;
        dirty = true;
    }

    /** The LSN of the newest entry with timestamp at or before {@code timestampMicros}, or -1. */
    synchronized long lsnAt(final long timestampMicros) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (micros[mid] <= timestampMicros) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == 0 ? -1 : lsns[lo - 1];
    }

    /** Timestamp of the oldest entry, or -1. */
    synchronized long oldestMicros() {
        return size == 0 ? -1 : micros[0];
    }

    /** Drops entries above {@code lsn} (those not yet durable when the index is reloaded). */
    synchronized void truncateAbove(final long lsn) {
        while (size > 0 && lsns[size - 1] > lsn) {
            size--;
        }
    }

    /** Drops entries below {@code lsn} except the newest of them (GC: history below is gone). */
    synchronized void trimBelow(final long lsn) {
        int keepFrom = 0;
        while (keepFrom + 1 < size && lsns[keepFrom + 1] <= lsn) {
            keepFrom++;
        }
        if (keepFrom > 0) {
            System.arraycopy(lsns, keepFrom, lsns, 0, size - keepFrom);
            System.arraycopy(micros, keepFrom, micros, 0, size - keepFrom);
            size -= keepFrom;
            dirty = true;
        }
    }

    synchronized boolean takeDirty() {
        final boolean d = dirty;
        dirty = false;
        return d;
    }

    synchronized int encodedLength(final long maxLsn) {
        int n = 0;
        while (n < size && lsns[n] <= maxLsn) {
            n++;
        }
        return 4 + 16 * n;
    }

    /** Writes the entries at or below {@code maxLsn}. */
    synchronized void encode(final ByteBuffer out, final long maxLsn) {
        int n = 0;
        while (n < size && lsns[n] <= maxLsn) {
            n++;
        }
        out.putInt(n);
        for (int i = 0; i < n; i++) {
            out.putLong(lsns[i]).putLong(micros[i]);
        }
    }

    synchronized void decode(final ByteBuffer in) {
        final int n = in.getInt();
        size = 0;
        for (int i = 0; i < n; i++) {
            final long l = in.getLong();
            add(l, in.getLong());
        }
        dirty = false;
    }
}
