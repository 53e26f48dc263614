package io.stratum.mvcc.heap;

import io.stratum.mvcc.BTreeIndex;
import io.stratum.mvcc.BufferPool;
import io.stratum.mvcc.Isolation;
import io.stratum.mvcc.txn.Txn;
import io.stratum.mvcc.txn.TxnManager;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.LongHashSet;

/**
 * VACUUM of one heap, in passes of at most {@link #MAX_DEAD_PER_PASS} TIDs: (1) prune every page (versions
 * dead to all snapshots become dead line pointers) and collect the TIDs of dead line pointers; (2) remove
 * index entries pointing to them ({@code bulkDelete}); (3) turn those line pointers unused (FREE records)
 * and refresh the free-space map. Threads: none (runs in the caller's).
 */
public final class Vacuum {
    static final int MAX_DEAD_PER_PASS = 1 << 20;

    private Vacuum() {
    }

    /** Returns the number of versions removed. */
    public static long run(final TxnManager mgr, final Heap heap, final BTreeIndex[] indexes) {
        final Txn t = mgr.begin(Isolation.READ_COMMITTED, false);
        try {
            final BufferPool pool = heap.pool;
            final LongHashSet dead = new LongHashSet();
            long removed = 0;
            long from = 0;
            final long end = heap.blocks();
            while (from < end) {
                dead.clear();
                long blk = from;
                for (; blk < end && dead.size() < MAX_DEAD_PER_PASS; blk++) {
                    final int b = pool.pin(heap.hi, heap.lo(blk));
                    try {
                        pool.latchExclusive(b);
                        try {
                            heap.writer().prune(t, b, blk, true);
                            final MutableDirectBuffer p = pool.page(b);
                            final int o = pool.pageOffset(b);
                            if (HeapPage.initialised(p, o)) {
                                final int n = HeapPage.nslots(p, o);
                                for (int s = 0; s < n; s++) {
                                    if (HeapPage.dead(p, o, s)) {
                                        dead.add(HeapPage.tid(blk, s));
                                    }
                                }
                            }
                        } finally {
                            pool.unlatch(b);
                        }
                    } finally {
                        pool.unpin(b);
                    }
                }
                if (!dead.isEmpty()) {
                    if (indexes != null) {
                        for (final BTreeIndex index : indexes) {
                            index.bulkDelete(dead::contains);
                        }
                    }
                    removed += dead.size();
                    free(t, heap, from, blk, dead);
                }
                from = blk;
            }
            return removed;
        } finally {
            t.rollback();
        }
    }

    private static void free(final Txn t, final Heap heap, final long from, final long to, final LongHashSet dead) {
        final BufferPool pool = heap.pool;
        for (long blk = from; blk < to; blk++) {
            final int b = pool.pin(heap.hi, heap.lo(blk));
            try {
                pool.latchExclusive(b);
                try {
                    final MutableDirectBuffer p = pool.page(b);
                    final int o = pool.pageOffset(b);
                    if (!HeapPage.initialised(p, o)) {
                        heap.fsm.set(blk, HeapPage.PAGE - HeapPage.HEADER);
                        continue;
                    }
                    final int n = HeapPage.nslots(p, o);
                    final int[] slots = t.pruneScratch(n);
                    int count = 0;
                    for (int s = 0; s < n; s++) {
                        if (HeapPage.dead(p, o, s) && dead.contains(HeapPage.tid(blk, s))) {
                            slots[count++] = s;
                        }
                    }
                    if (count > 0) {
                        final int len = HeapRedo.slots(t.encoder, t.record, HeapRedo.OP_FREE, heap.hi, heap.lo(blk),
                            slots, count);
                        t.buffers[0] = b;
                        t.logger.apply(t.record, 0, len, t.buffers, 1);
                    }
                    heap.fsm.set(blk, HeapPage.freeTotal(p, o));
                } finally {
                    pool.unlatch(b);
                }
            } finally {
                pool.unpin(b);
            }
        }
    }
}
