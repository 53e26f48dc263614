package io.stratum.engine.timeline;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import java.time.Instant;

/**
 * What history a timeline still has, its ancestors' below its branch point included, for branch
 * commands and sessions that name points by LSN or time: the oldest LSN that can be read or branched from,
 * the timeline that holds a point, the commit time known at an LSN, and the LSN of the last commit at or
 * before a time, whose errors name the oldest point still available. Reads the timeline's LSN/time
 * index, which holds one entry per interval (1 s by default), so a time maps to the last commit of the
 * interval before it when a later commit shares its interval. Threads: none; safe from any thread.
 */
public final class TimelineHistory {
    private TimelineHistory() {
    }

    /**
     * The oldest LSN of {@code t}'s history still readable: below its branch point its history is its
     * ancestor's, so this is the oldest point of its root ancestor (or its own GC cutoff, for a root).
     * Read or branch at such an LSN through {@link #holder}.
     */
    public static long oldestLsn(final Timeline t) {
        Timeline r = t;
        while (r.ancestor != null) {
            r = r.ancestor;
        }
        return Math.max(r.ancestorLsn(), r.gcCutoff());
    }

    /** The timeline that holds {@code t}'s state at {@code lsn}: {@code t}, or the ancestor below whose branch point it lies. */
    public static Timeline holder(final Timeline t, final long lsn) {
        Timeline h = t;
        while (h.ancestor != null && lsn < h.ancestorLsn()) {
            h = h.ancestor;
        }
        return h;
    }

    /**
     * Commit time (micros since the epoch) of the last commit at or below {@code lsn} on {@code t}, or -1.
     * Found with the index's one lookup, LSN at a time (a non-decreasing step function of the time), by two
     * binary searches over the time: the last entry at or below {@code lsn}, then the time its step starts.
     */
    public static long microsAt(final Timeline t, final long lsn) {
        final TimeIndex times = t.times;
        // the largest time whose answer is still at or below lsn
        long lo = 0;
        long hi = Long.MAX_VALUE;
        if (times.lsnAt(lo) > lsn) {
            return -1;
        }
        while (lo < hi) {
            final long mid = lo + (hi - lo) / 2 + 1; // in (lo, hi], no overflow
            if (times.lsnAt(mid) <= lsn) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        final long entry = times.lsnAt(lo);
        if (entry < 0) {
            return -1;
        }
        // the smallest time whose answer is that entry: its commit time
        long a = 0;
        long b = lo;
        while (a < b) {
            final long mid = a + (b - a) / 2;
            if (times.lsnAt(mid) >= entry) {
                b = mid;
            } else {
                a = mid + 1;
            }
        }
        return a;
    }

    /**
     * The LSN of the last commit at or before {@code micros} in {@code t}'s history: its own commits, else
     * its ancestor's answer capped at the branch point (read it through {@link #holder}). The cap matters:
     * the ancestor's answer may be a commit after the branch point, which is not in {@code t}'s history (and
     * the index keeps only the last commit of each interval, so the commit at the branch point itself may
     * have no entry left to compare times with).
     *
     * @throws StratumException OUT_OF_RANGE naming the oldest point still available
     */
    public static long lsnAtTime(final Timeline t, final long micros) {
        Timeline h = t;
        long cap = Long.MAX_VALUE;
        while (true) {
            final long lsn = h.times.lsnAt(micros);
            if (lsn >= 0) {
                final long at = Math.min(lsn, cap);
                if (at < h.gcCutoff()) {
                    break;
                }
                return at;
            }
            if (h.ancestor == null) {
                break;
            }
            cap = Math.min(cap, h.ancestorLsn());
            h = h.ancestor;
        }
        throw outOfRange(t, "time before the oldest point still available", "at", formatMicros(micros));
    }

    /** An OUT_OF_RANGE error whose message names the oldest point of {@code t} (LSN and, when known, time). */
    public static StratumException outOfRange(final Timeline t, final String what, final Object... details) {
        final long oldest = oldestLsn(t);
        final Timeline h = holder(t, oldest);
        long micros = microsAt(h, oldest);
        if (micros < 0 && h.ancestor != null) {
            micros = microsAt(h.ancestor, h.ancestorLsn());
        }
        final Object[] kv = java.util.Arrays.copyOf(details, details.length + (micros < 0 ? 2 : 4));
        kv[details.length] = "oldest";
        kv[details.length + 1] = Lsn.format(oldest);
        if (micros >= 0) {
            kv[details.length + 2] = "oldestTime";
            kv[details.length + 3] = formatMicros(micros);
        }
        return StratumException.of(ErrorCode.OUT_OF_RANGE, what + "; the oldest point still available is "
            + Lsn.format(oldest) + (micros < 0 ? "" : " (" + formatMicros(micros) + ")"), kv);
    }

    /** ISO-8601 in UTC, e.g. {@code 2026-11-24T20:00:00.123456Z}. */
    public static String formatMicros(final long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
            .toString();
    }
}
