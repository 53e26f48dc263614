package io.stratum.engine.service;

import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import org.agrona.MutableDirectBuffer;

/**
 * What the page service serves: the engine (through {@code EnginePageServiceBackend}) or, in tests,
 * anything else. Methods throw {@code StratumException}; its code and message go back to the client.
 */
public interface PageServiceBackend {

    /** Copies the 8 KiB page of the key as of {@code lsn} into {@code dst} at {@code offset}. */
    void getPage(TenantId tenant, TimelineId timeline, long keyHi, long keyLo, long lsn,
                 MutableDirectBuffer dst, int offset);

    /** Blocks of a relation fork as of {@code lsn}, or -1 when it does not exist. */
    long relationSize(TenantId tenant, TimelineId timeline, int database, int relation, int fork, long lsn);

    /** Waits until {@code lsn} is ingested (at most {@code timeoutMillis}); returns the last ingested LSN. */
    long waitForLsn(TenantId tenant, TimelineId timeline, long lsn, long timeoutMillis);
}
