package io.stratum.engine.timeline;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Sparse LSN <-> commit time index: at most one entry per {@code granularity} micros, holding the end LSN
 * of the last commit record seen in that interval and its timestamp. "The LSN at time T" is the LSN of
 * the newest entry at or before T, so it may lag T by up to one interval. Guarded by itself.
 *
 * <p>Bounded: at {@code maxEntries} the older half is thinned (every second entry of it dropped, the
 * later of each pair kept), so old history gets a coarser granularity rather than growing without end.
 * Persistence ({@link TimeIndexFile}) is incremental: {@link #persisted()} leading entries are on disk as
 * they are; only the rest is appended, unless a thinning asks for a rewrite.
 */
final class TimeIndex {
    static final int DEFAULT_MAX_ENTRIES = 1 << 20;

    private final long granularity;
    private final int maxEntries;
    private long[] lsns = new long[64];
    private long[] micros = new long[64];
    private int size;
    private int persisted;
    private boolean rewrite;

    TimeIndex(final long granularity) {
        this(granularity, DEFAULT_MAX_ENTRIES);
    }

    TimeIndex(final long granularity, final int maxEntries) {
        if (maxEntries < 4) {
            throw new IllegalArgumentException("maxEntries " + maxEntries);
        }
        this.granularity = granularity;
        this.maxEntries = maxEntries;
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
                persisted = Math.min(persisted, size - 1); // its on-disk copy is stale now
                return;
            }
        }
        if (size == maxEntries) {
            thin();
        }
        if (size == lsns.length) {
            lsns = Arrays.copyOf(lsns, Math.min(maxEntries, size * 2));
            micros = Arrays.copyOf(micros, lsns.length);
        }
        lsns[size] = lsn;
        micros[size++] = timestampMicros;
    }

    /** Drops every second entry of the older half (keeping the later of each pair). */
    private void thin() {
        final int half = size / 2;
        int w = 0;
        for (int i = 1; i < half; i += 2) {
            lsns[w] = lsns[i];
            micros[w++] = micros[i];
        }
        for (int i = half; i < size; i++) {
            lsns[w] = lsns[i];
            micros[w++] = micros[i];
        }
        size = w;
        persisted = 0;
        rewrite = true;
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

    synchronized int size() {
        return size;
    }

    /** Drops entries above {@code lsn} (those not yet durable when the index is reloaded). */
    synchronized void truncateAbove(final long lsn) {
        while (size > 0 && lsns[size - 1] > lsn) {
            size--;
        }
        persisted = Math.min(persisted, size);
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
            persisted = Math.max(0, persisted - keepFrom);
        }
    }

    /** The number of entries at or below {@code lsn} (a prefix: LSNs grow with the index). */
    synchronized int countAtOrBelow(final long lsn) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (lsns[mid] <= lsn) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Leading entries whose on-disk copy is current. */
    synchronized int persisted() {
        return persisted;
    }

    /** Whether a thinning changed entries already on disk (the file must be rewritten); clears the flag. */
    synchronized boolean takeRewrite() {
        final boolean r = rewrite;
        rewrite = false;
        return r;
    }

    synchronized void markPersisted(final int count) {
        persisted = Math.min(count, size);
    }

    /** Writes entries {@code [from, to)} as {@code (i64 lsn, i64 micros)} pairs. */
    synchronized void copy(final int from, final int to, final ByteBuffer out) {
        for (int i = from; i < to; i++) {
            out.putLong(lsns[i]).putLong(micros[i]);
        }
    }

    /** Reads the index of a version-1 metadata file ({@code u32 n, n x (i64 lsn, i64 micros)}); none is on disk yet. */
    synchronized void decodeLegacy(final ByteBuffer in) {
        final int n = in.getInt();
        if (n < 0 || n > in.remaining() / 16) {
            throw new java.nio.BufferUnderflowException();
        }
        for (int i = 0; i < n; i++) {
            final long l = in.getLong();
            add(l, in.getLong());
        }
        persisted = 0;
    }
}
