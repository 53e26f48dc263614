package io.stratum.mvcc.heap;

import io.stratum.mvcc.BufferPool;
import io.stratum.mvcc.HeapScan;
import io.stratum.mvcc.TupleView;
import io.stratum.mvcc.txn.Txn;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Sequential scan, page at a time: each page is copied into the scan's own buffer under a shared latch
 * and unpinned at once, then its tuples are checked for visibility on the copy. So the scan holds no pin
 * or latch while the caller works, and allocates nothing per row or page. Like PostgreSQL's
 * heap_page_prune_opt, a page that is nearly full and holds updated or deleted versions is pruned when
 * the scan leaves it (a PRUNE record, only if some version is dead to every snapshot).
 */
final class HeapScanImpl implements HeapScan, TupleView {
    private final Heap heap;
    private final Txn tx;
    private final BufferPool pool;
    private UnsafeBuffer copy;
    private long block = -1;
    private long end;
    private int slot;
    private int slots;
    private int tupleOffset;
    private int tupleLength;
    private long tid;
    /** Root slot per slot of the current page, computed on the first {@link #rootTid} call for the page. */
    private int[] rootOf;
    private long rootsOf = -1;
    /** Versions on the current page that were updated or deleted (candidates for pruning). */
    private int replaced;
    /** A page with less free space than this and replaced versions is pruned when the scan leaves it. */
    static final int PRUNE_BELOW = HeapPage.PAGE / 10;

    /** A scan of blocks {@code [from, to)}, cut at the relation's size when the scan starts. */
    HeapScanImpl(final Heap heap, final Txn tx, final long from, final long to) {
        this.heap = heap;
        this.tx = tx;
        this.pool = heap.pool;
        tx.ensureStatement();
        this.copy = tx.takePageBuffer();
        this.block = from - 1;
        this.end = Math.min(to, heap.blocks());
    }

    @Override
    public boolean next() {
        for (;;) {
            while (slot < slots) {
                final int s = slot++;
                final int off = HeapPage.lpOffset(copy, 0, s);
                if (off == 0) {
                    continue;
                }
                final int flags = HeapPage.flags(copy, off);
                final long xmax = HeapPage.xmax(copy, off);
                if (xmax != 0 && (flags & HeapPage.LOCK_ONLY) == 0) {
                    replaced++;
                }
                if (tx.visible(HeapPage.xmin(copy, off), xmax, HeapPage.cmin(copy, off),
                    HeapPage.cmax(copy, off), (flags & HeapPage.LOCK_ONLY) != 0)) {
                    tupleOffset = off + HeapPage.TUPLE_HEADER;
                    tupleLength = HeapPage.lpLength(copy, 0, s) - HeapPage.TUPLE_HEADER;
                    tid = HeapPage.tid(block, s);
                    return true;
                }
            }
            if (replaced > 0 && slots > 0 && HeapPage.freeTotal(copy, 0) < PRUNE_BELOW) {
                heap.pruneOpportunistically(tx, block);
            }
            replaced = 0;
            if (block + 1 >= end) {
                return false;
            }
            block++;
            final int b = pool.pin(heap.hi, heap.lo(block));
            try {
                pool.latchShared(b);
                try {
                    copy.putBytes(0, pool.page(b), pool.pageOffset(b), HeapPage.PAGE);
                } finally {
                    pool.unlatch(b);
                }
            } finally {
                pool.unpin(b);
            }
            slot = 0;
            slots = HeapPage.initialised(copy, 0) ? HeapPage.nslots(copy, 0) : 0;
        }
    }

    @Override
    public long rootTid() {
        if (rootsOf != block) {
            if (rootOf == null) {
                rootOf = new int[HeapPage.MAX_SLOTS];
            }
            HeapPage.roots(copy, 0, rootOf);
            rootsOf = block;
        }
        return HeapPage.tid(block, rootOf[HeapPage.slot(tid)]);
    }

    @Override
    public TupleView tuple() {
        return this;
    }

    @Override
    public long tid() {
        return tid;
    }

    @Override
    public DirectBuffer buffer() {
        return copy;
    }

    @Override
    public int offset() {
        return tupleOffset;
    }

    @Override
    public int length() {
        return tupleLength;
    }

    @Override
    public void close() {
        slots = 0;
        end = 0;
        if (copy != null) {
            tx.returnPageBuffer(copy);
            copy = null;
        }
    }
}
