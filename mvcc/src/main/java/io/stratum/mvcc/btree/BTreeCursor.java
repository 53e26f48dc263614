package io.stratum.mvcc.btree;

import static io.stratum.mvcc.btree.BTreePage.*;

import io.stratum.mvcc.BufferPool;
import io.stratum.mvcc.IndexCursor;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A range scan. Each step reads one leaf under a shared latch, copies the entries of it that are in range
 * into the cursor (at most one page of them) and releases the leaf, remembering its right link (forward)
 * or its block and left link (backward): so no page stays pinned or latched between calls and splitters
 * never wait for a reader. As in PostgreSQL, entries a concurrent split moves to a new page were already
 * copied; entries inserted after the copy belong to transactions the scan's snapshot cannot see. Moving
 * left re-checks the left page's right link and walks right until it points back at the page just read.
 * Cursors are recycled per thread; not thread-safe.
 */
final class BTreeCursor implements IndexCursor {
    private BTree tree;
    private final UnsafeBuffer keys = new UnsafeBuffer(new byte[PAGE_SIZE]);
    private final int[] keyOffsets = new int[MAX_ITEMS];
    private final int[] keyLengths = new int[MAX_ITEMS];
    private final long[] tids = new long[MAX_ITEMS];
    private int count;
    private int index;
    private final SearchKey search = new SearchKey();
    private UnsafeBuffer low = new UnsafeBuffer(new byte[64]);
    private UnsafeBuffer high = new UnsafeBuffer(new byte[64]);
    private int lowLength;
    private int highLength;
    private boolean lowOpen;
    private boolean highOpen;
    private boolean lowInclusive;
    private boolean highInclusive;
    private boolean prefixHigh;
    private boolean backward;
    /** Heads of the bounds ({@link BTreePage#headOf}) and whether a slot's head alone may end the scan. */
    private long lowHead;
    private long highHead;
    private boolean lowByHead;
    private boolean highByHead;
    /** Whether another page may hold entries in range. */
    private boolean more;
    /** Forward: the right link of the page read last. Backward: its left link. */
    private long nextBlock;
    /** Backward: the block read last. */
    private long readBlock;

    void open(final BTreeScratch sc, final BTree tree, final DirectBuffer lowKey, final int lowOffset, final int lowLen,
        final boolean lowInc, final DirectBuffer highKey, final int highOffset, final int highLen,
        final boolean highInc, final boolean prefix, final boolean back) {
        this.tree = tree;
        this.lowOpen = lowKey == null;
        this.highOpen = highKey == null;
        this.lowInclusive = lowInc;
        this.highInclusive = highInc;
        this.prefixHigh = prefix;
        this.backward = back;
        this.count = 0;
        this.index = -1;
        this.more = false;
        if (!lowOpen) {
            low = fit(low, lowLen);
            low.putBytes(0, lowKey, lowOffset, lowLen);
            lowLength = lowLen;
        }
        if (!highOpen) {
            high = fit(high, highLen);
            high.putBytes(0, highKey, highOffset, highLen);
            highLength = highLen;
        }
        // a slot whose head is above the high bound's (below the low bound's) holds a key out of range, and the
        // scan stops without reading that item; a prefix bound shorter than a head cannot be judged so
        lowByHead = !lowOpen;
        lowHead = lowOpen ? 0 : headOf(low, 0, lowLength);
        highByHead = !highOpen && (!prefixHigh || highLength >= HEAD_BYTES);
        highHead = highOpen ? 0 : headOf(high, 0, highLength);
        final BufferPool pool = tree.pool();
        sc.begin(pool);
        try {
            final SearchKey s = search;
            if (!backward) {
                if (lowOpen) {
                    s.set(low, 0, 0, 0, TIE_LOW, false);
                } else {
                    s.set(low, 0, lowLength, 0, lowInclusive ? TIE_LOW : TIE_HIGH, false);
                }
            } else if (highOpen) {
                s.setInfinite();
            } else {
                s.set(high, 0, highLength, 0, highInclusive ? TIE_HIGH : TIE_LOW, prefixHigh);
            }
            final int buf = tree.descend(sc, s, 0, false, false);
            final MutableDirectBuffer p = pool.page(buf);
            final int b = pool.pageOffset(buf);
            final int pos = s.pos;
            if (backward) {
                fillBackward(p, b, pos, s.landed);
            } else {
                fillForward(p, b, pos);
            }
        } finally {
            sc.end();
        }
    }

    private static UnsafeBuffer fit(final UnsafeBuffer buf, final int length) {
        return buf.capacity() >= length ? buf : new UnsafeBuffer(new byte[Math.max(length, 2 * buf.capacity())]);
    }

    @Override
    public boolean next() {
        if (++index < count) {
            return true;
        }
        while (more) {
            readNext();
            if (count > 0) {
                index = 0;
                return true;
            }
        }
        index = count;
        return false;
    }

    private void readNext() {
        final BTreeScratch sc = BTreeScratch.get();
        final BufferPool pool = tree.pool();
        sc.begin(pool);
        try {
            long block = nextBlock;
            int buf = sc.acquire(tree, block, false);
            MutableDirectBuffer p = pool.page(buf);
            int b = pool.pageOffset(buf);
            if (!backward) {
                fillForward(p, b, 0);
                return;
            }
            // the left page may have split since its link was read: walk right to the page just before ours
            while (true) {
                final long r = right(p, b);
                if (r == readBlock) {
                    break;
                }
                if (r == 0) {
                    throw StratumException.of(ErrorCode.CORRUPT, "B-tree left link does not lead back",
                        "relation", tree.relation(), "block", readBlock);
                }
                sc.release(buf);
                block = r;
                buf = sc.acquire(tree, block, false);
                p = pool.page(buf);
                b = pool.pageOffset(buf);
            }
            fillBackward(p, b, count(p, b), block);
        } finally {
            sc.end();
        }
    }

    private void fillForward(final DirectBuffer p, final int b, final int from) {
        count = 0;
        index = -1;
        final int n = count(p, b);
        for (int i = from; i < n; i++) {
            if (highByHead && Long.compareUnsigned(head(p, b, i), highHead) > 0) {
                more = false;
                return;
            }
            final int it = item(p, b, i);
            if (!highOpen && !belowHigh(p, it)) {
                more = false;
                return;
            }
            take(p, it);
        }
        nextBlock = right(p, b);
        // the right page's entries are >= this page's high key: none is in range when that key is not
        more = nextBlock != 0 && (highOpen || !hasHigh(p, b) || belowHigh(p, high(p, b)));
    }

    private void fillBackward(final DirectBuffer p, final int b, final int before, final long block) {
        count = 0;
        index = -1;
        for (int i = before - 1; i >= 0; i--) {
            if (lowByHead && Long.compareUnsigned(head(p, b, i), lowHead) < 0) {
                more = false;
                return;
            }
            final int it = item(p, b, i);
            if (!lowOpen && !aboveLow(p, it)) {
                more = false;
                return;
            }
            take(p, it);
        }
        readBlock = block;
        nextBlock = left(p, b);
        more = nextBlock != 0;
    }

    private void take(final DirectBuffer p, final int it) {
        final int len = keyLen(p, it);
        final int at = count == 0 ? 0 : keyOffsets[count - 1] + keyLengths[count - 1];
        keys.putBytes(at, p, it + ITEM_KEY, len);
        keyOffsets[count] = at;
        keyLengths[count] = len;
        tids[count] = BTreePage.tid(p, it);
        count++;
    }

    private boolean belowHigh(final DirectBuffer p, final int it) {
        final int len = keyLen(p, it);
        final int c = compareBytes(p, it + ITEM_KEY, prefixHigh ? Math.min(len, highLength) : len, high, 0, highLength);
        return highInclusive ? c <= 0 : c < 0;
    }

    private boolean aboveLow(final DirectBuffer p, final int it) {
        final int c = compareBytes(p, it + ITEM_KEY, keyLen(p, it), low, 0, lowLength);
        return lowInclusive ? c >= 0 : c > 0;
    }

    @Override
    public DirectBuffer key() {
        return keys;
    }

    @Override
    public int keyOffset() {
        return keyOffsets[index];
    }

    @Override
    public int keyLength() {
        return keyLengths[index];
    }

    @Override
    public long tid() {
        return tids[index];
    }

    @Override
    public void close() {
        if (tree != null) {
            tree = null;
            more = false;
            count = 0;
            BTreeScratch.get().giveCursor(this);
        }
    }
}
