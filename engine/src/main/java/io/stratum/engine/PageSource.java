package io.stratum.engine;

import io.stratum.engine.key.PageKey;
import org.agrona.MutableDirectBuffer;

/**
 * Pages of one timeline as of any LSN: what {@code mvcc/} reads through, whether the pages come from an
 * in-process engine ({@link io.stratum.engine.timeline.Timeline} implements it) or, later, over the
 * network from a page server. Thread-safe.
 */
public interface PageSource {
    /** Bytes in a page. */
    int PAGE_SIZE = PageKey.PAGE_SIZE;
    /** {@link #relationSize} of a relation that has no size entry at that LSN. */
    long NO_RELATION = -1;

    /**
     * Copies the 8 KiB page of key {@code (keyHi, keyLo)} as of {@code lsn} into {@code dst} at
     * {@code offset}: all records whose end LSN is at or below {@code lsn} applied. A key never written
     * reads as all zeros. Waits (bounded) when {@code lsn} has not been ingested yet.
     *
     * @throws io.stratum.wal.StratumException TIMEOUT when {@code lsn} is not ingested in time,
     *     OUT_OF_RANGE below the GC cutoff or branch point, CORRUPT naming a damaged file,
     *     NOT_FOUND naming an unregistered resource manager
     */
    void getPage(long keyHi, long keyLo, long lsn, MutableDirectBuffer dst, int offset);

    /** Number of blocks of a relation fork as of {@code lsn}, or {@link #NO_RELATION}. */
    long relationSize(int database, int relation, int fork, long lsn);

    /** End LSN of the last record ingested: reads at or below it never wait. */
    long lastRecordLsn();
}
