package io.stratum.mvcc;

import io.stratum.engine.PageSource;
import io.stratum.engine.key.PageKey;
import io.stratum.engine.service.PageClient;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A {@link PageSource} of one tenant's timeline over a connected {@link PageClient} (the compute's view of a
 * remote page server). It opens nothing itself; the caller owns and closes the client. Thread-safe as the
 * client is.
 * <p>Prefetch: when a thread reads three consecutive blocks of a relation (a sequential scan), the next
 * miss fetches {@link #PREFETCH} blocks in one request at that read's LSN and keeps the extra pages in a
 * small ring. A later miss is served from the ring when the ring's copy was read at an LSN at or above the
 * one asked for: the asked LSN is at or above the page's last change (the compute is the branch's only
 * writer and tracks it), so both LSNs give the same bytes. A page served from the ring leaves it.
 * <p>Threads: none.
 */
public final class RemotePageSource implements PageSource {
    /** Blocks fetched in one request once reads are sequential. */
    public static final int PREFETCH = 16;
    private static final int RING = 4 * PREFETCH;
    private static final long BLOCK_STEP = PageKey.relLo(0, 0, 1);
    private static final int SEQUENTIAL_AFTER = 2;

    private final PageClient client;
    private final TenantId tenant;
    private final TimelineId timeline;
    private final ThreadLocal<long[]> lastRead = ThreadLocal.withInitial(() -> new long[3]); // hi, lo, run
    private final LongAdder requests = new LongAdder();
    private final LongAdder fromPrefetch = new LongAdder();
    private final Object ringLock = new Object();
    private final long[] ringHi = new long[RING];     // guarded by ringLock
    private final long[] ringLo = new long[RING];     // guarded by ringLock
    private final long[] ringLsn = new long[RING];    // guarded by ringLock; 0 = empty
    private UnsafeBuffer ring;                        // guarded by ringLock, allocated on first prefetch
    private int ringNext;                             // guarded by ringLock
    private final Object fetchLock = new Object();
    private final long[] batchKeys = new long[2 * PREFETCH]; // guarded by fetchLock
    private UnsafeBuffer batch;                       // guarded by fetchLock

    public RemotePageSource(final PageClient client, final TenantId tenant, final TimelineId timeline) {
        this.client = client;
        this.tenant = tenant;
        this.timeline = timeline;
    }

    @Override
    public void getPage(final long keyHi, final long keyLo, final long lsn, final MutableDirectBuffer dst,
                        final int offset) {
        if (fromRing(keyHi, keyLo, lsn, dst, offset)) {
            fromPrefetch.increment();
            return;
        }
        final long[] last = lastRead.get();
        final boolean next = last[0] == keyHi && keyLo == last[1] + BLOCK_STEP
            && PageKey.kind(keyHi) == PageKey.KIND_RELATION;
        last[2] = next ? last[2] + 1 : 0;
        last[0] = keyHi;
        last[1] = keyLo;
        requests.increment();
        if (last[2] < SEQUENTIAL_AFTER || blockOf(keyLo) > blockOf(-1L) - PREFETCH) {
            client.getPage(tenant, timeline, keyHi, keyLo, lsn, dst, offset);
            return;
        }
        synchronized (fetchLock) {
            if (batch == null) {
                batch = new UnsafeBuffer(ByteBuffer.allocateDirect(PREFETCH * PAGE_SIZE));
            }
            for (int i = 0; i < PREFETCH; i++) {
                batchKeys[2 * i] = keyHi;
                batchKeys[2 * i + 1] = keyLo + i * BLOCK_STEP;
            }
            client.getPages(tenant, timeline, lsn, batchKeys, PREFETCH, batch, 0);
            dst.putBytes(offset, batch, 0, PAGE_SIZE);
            synchronized (ringLock) {
                if (ring == null) {
                    ring = new UnsafeBuffer(ByteBuffer.allocateDirect(RING * PAGE_SIZE));
                }
                for (int i = 1; i < PREFETCH; i++) {
                    final int r = ringNext;
                    ringNext = (ringNext + 1) % RING;
                    ringHi[r] = keyHi;
                    ringLo[r] = keyLo + i * BLOCK_STEP;
                    ringLsn[r] = lsn;
                    ring.putBytes(r * PAGE_SIZE, batch, i * PAGE_SIZE, PAGE_SIZE);
                }
            }
        }
        last[1] = keyLo + (PREFETCH - 1) * BLOCK_STEP; // the scan goes on after the prefetched blocks
    }

    private static long blockOf(final long lo) {
        return (lo >>> 16) & 0xFFFF_FFFFL;
    }

    private boolean fromRing(final long keyHi, final long keyLo, final long lsn, final MutableDirectBuffer dst,
                             final int offset) {
        synchronized (ringLock) {
            if (ring == null) {
                return false;
            }
            for (int r = 0; r < RING; r++) {
                if (ringLo[r] == keyLo && ringHi[r] == keyHi && ringLsn[r] != 0) {
                    final boolean usable = ringLsn[r] >= lsn;
                    ringLsn[r] = 0; // served or stale: it leaves the ring either way
                    if (usable) {
                        dst.putBytes(offset, ring, r * PAGE_SIZE, PAGE_SIZE);
                    }
                    return usable;
                }
            }
            return false;
        }
    }

    /** Requests sent to the page server for pages (one per miss, one per prefetch batch). */
    public long pageRequests() {
        return requests.sum();
    }

    /** Misses served from prefetched pages, without a request. */
    public long prefetchHits() {
        return fromPrefetch.sum();
    }

    @Override
    public long relationSize(final int database, final int relation, final int fork, final long lsn) {
        return client.relationSize(tenant, timeline, database, relation, fork, lsn);
    }

    @Override
    public long lastRecordLsn() {
        return client.waitForLsn(tenant, timeline, 0, 0);
    }
}
