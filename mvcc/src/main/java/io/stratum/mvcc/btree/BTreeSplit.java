package io.stratum.mvcc.btree;

import static io.stratum.mvcc.btree.BTreePage.*;
import static io.stratum.mvcc.btree.BTreeRedo.*;

import io.stratum.mvcc.BufferPool;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Page splits, downlink inserts into parents and new roots (records SPLIT, INSERT and NEW_ROOT of
 * {@link BTreeRedo}). Latch order: the page being split, its right sibling, the metadata page, the new page.
 */
final class BTreeSplit {
    private static final int CAPACITY = PAGE_SIZE - HEADER;

    private BTreeSplit() {
    }

    /**
     * Splits page {@code buf} (block {@code block}, held exclusively) while putting {@code newItem} in at
     * {@code insertSlot}; the separator (first entry of the new right page, child = the new block) is left
     * in {@code sc.separator}. Returns the new right block. Pages it latched itself are released.
     */
    static long split(final BTree t, final BTreeScratch sc, final long xid, final int buf, final long block,
        final int insertSlot, final DirectBuffer newItem) {
        final BufferPool pool = t.pool();
        final MutableDirectBuffer p = pool.page(buf);
        final int b = pool.pageOffset(buf);
        final int n = count(p, b);
        final int total = n + 1;
        final boolean hasHigh = hasHigh(p, b);
        final int highSize = hasHigh ? itemSize(p, high(p, b)) : 0;
        final int[] sizes = sc.sizes;
        int sum = 0;
        for (int i = 0; i < total; i++) {
            sizes[i] = itemSize(combinedBuffer(p, newItem, i, insertSlot), combined(p, b, i, insertSlot)) + SLOT;
            sum += sizes[i];
        }
        final boolean append = !hasHigh && insertSlot == n;
        final int target = append ? sum * 9 / 10 : sum / 2;
        int best = -1;
        int bestDistance = Integer.MAX_VALUE;
        int left = 0;
        for (int k = 1; k < total; k++) {
            left += sizes[k - 1];
            final int leftBytes = left + sizes[k] - SLOT;
            final int rightBytes = sum - left + highSize;
            if (leftBytes <= CAPACITY && rightBytes <= CAPACITY && Math.abs(left - target) < bestDistance) {
                best = k;
                bestDistance = Math.abs(left - target);
            }
        }
        if (best < 0) {
            throw StratumException.of(ErrorCode.INTERNAL, "no B-tree split point fits", "relation", t.relation(),
                "block", block, "items", total);
        }
        final long oldRight = right(p, b);
        final int rightSibling = oldRight != 0 ? sc.acquire(t, oldRight, true) : -1;
        final int meta = sc.acquire(t, 0, true);
        final long newBlock = metaBlocks(pool.page(meta), pool.pageOffset(meta)) & 0xFFFF_FFFFL;
        if (newBlock == 0 || newBlock > 0xFFFF_FFF0L) {
            throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "B-tree relation is full", "relation", t.relation(),
                "blocks", newBlock);
        }
        final int rightBuf = sc.acquireNew(t.hi(), t.lo(newBlock));

        final WalRecordEncoder enc = sc.encoder;
        final UnsafeBuffer rec = sc.record;
        enc.wrap(rec, 0, rec.capacity()).begin(RMGR, OP_SPLIT, xid)
            .addBlock(t.hi(), t.lo(block), 0)
            .addBlock(t.hi(), t.lo(newBlock), WalRecord.BLOCK_WILL_INIT)
            .addBlock(t.hi(), t.lo(0), 0);
        if (rightSibling >= 0) {
            enc.addBlock(t.hi(), t.lo(oldRight), 0);
        }
        final int start = enc.payloadOffset();
        rec.putShort(start + SPLIT_LEVEL, (short) level(p, b), LE);
        rec.putShort(start + SPLIT_INSERT, (short) insertSlot, LE);
        rec.putShort(start + SPLIT_LEFT_COUNT, (short) best, LE);
        rec.putShort(start + SPLIT_FLAGS, (short) (hasHigh ? 1 : 0), LE);
        rec.putInt(start + SPLIT_LEFT, (int) block, LE);
        rec.putInt(start + SPLIT_RIGHT, (int) newBlock, LE);
        rec.putInt(start + SPLIT_OLD_RIGHT, (int) oldRight, LE);
        int at = start + SPLIT_ITEMS;
        at = copy(rec, at, newItem, 0);
        final int sepAt = at;
        at = copy(rec, at, combinedBuffer(p, newItem, best, insertSlot), combined(p, b, best, insertSlot));
        if (hasHigh) {
            at = copy(rec, at, p, high(p, b));
        }
        rec.putShort(at, (short) (total - best), LE);
        at += 2;
        for (int i = best; i < total; i++) {
            at = copy(rec, at, combinedBuffer(p, newItem, i, insertSlot), combined(p, b, i, insertSlot));
        }
        final int len = enc.finish(at - start);

        // the separator goes to the parent with the new block as its child
        final UnsafeBuffer sep = sc.spare;
        sep.putBytes(0, rec, sepAt, itemSize(rec, sepAt));
        sep.putInt(ITEM_CHILD, (int) newBlock, LE);

        sc.buffers[0] = buf;
        sc.buffers[1] = rightBuf;
        sc.buffers[2] = meta;
        sc.buffers[3] = rightSibling;
        sc.logger(t.context()).apply(rec, 0, len, sc.buffers, rightSibling >= 0 ? 4 : 3);
        sc.swapSeparators();
        sc.release(rightBuf);
        sc.release(meta);
        if (rightSibling >= 0) {
            sc.release(rightSibling);
        }
        return newBlock;
    }

    /**
     * Inserts the downlink in {@code sc.separator} (its child is the new page) into level {@code startLevel},
     * splitting upwards as needed and making a new root when the split page was the root. Holds nothing on
     * entry or return.
     */
    static void insertDownlink(final BTree t, final BTreeScratch sc, final long xid, final int startLevel) {
        final BufferPool pool = t.pool();
        final SearchKey s = sc.search;
        int level = startLevel;
        sc.begin(pool);
        try {
            while (true) {
                final UnsafeBuffer sep = sc.separator;
                s.set(sep, ITEM_KEY, keyLen(sep, 0), tid(sep, 0), TIE_TID, false);
                int buf;
                if (level <= sc.stackTop) {
                    long block = sc.stack[level];
                    buf = sc.acquire(t, block, true);
                    while (beyondHigh(s, pool.page(buf), pool.pageOffset(buf))) {
                        block = right(pool.page(buf), pool.pageOffset(buf));
                        sc.release(buf);
                        buf = sc.acquire(t, block, true);
                    }
                    s.landed = block;
                } else {
                    final int meta = sc.acquire(t, 0, true);
                    final MutableDirectBuffer mp = pool.page(meta);
                    final int mb = pool.pageOffset(meta);
                    final int height = metaHeight(mp, mb);
                    if (height <= level) {
                        newRoot(t, sc, xid, meta, level, sep);
                        return;
                    }
                    t.setRoot(metaRoot(mp, mb) & 0xFFFF_FFFFL, height);
                    sc.release(meta);
                    buf = t.descend(sc, s, level, true, true);
                }
                final MutableDirectBuffer p = pool.page(buf);
                final int b = pool.pageOffset(buf);
                final int slot = upperBound(s, p, b, 1);
                if (fits(p, b, itemSize(sep, 0))) {
                    t.logInsert(sc, xid, buf, s.landed, slot, sep);
                    return;
                }
                // split() leaves the next separator in sc.separator; the one inserted now is copied into the record first
                split(t, sc, xid, buf, s.landed, slot, sep);
                sc.releaseAll();
                level++;
            }
        } finally {
            sc.end();
        }
    }

    private static void newRoot(final BTree t, final BTreeScratch sc, final long xid, final int meta, final int level,
        final DirectBuffer sep) {
        final BufferPool pool = t.pool();
        final MutableDirectBuffer mp = pool.page(meta);
        final int mb = pool.pageOffset(meta);
        final long oldRoot = metaRoot(mp, mb) & 0xFFFF_FFFFL;
        final long rootBlock = metaBlocks(mp, mb) & 0xFFFF_FFFFL;
        final int rootBuf = sc.acquireNew(t.hi(), t.lo(rootBlock));
        final UnsafeBuffer rec = sc.record;
        sc.encoder.wrap(rec, 0, rec.capacity()).begin(RMGR, OP_NEW_ROOT, xid)
            .addBlock(t.hi(), t.lo(rootBlock), WalRecord.BLOCK_WILL_INIT)
            .addBlock(t.hi(), t.lo(0), 0);
        final int start = sc.encoder.payloadOffset();
        rec.putShort(start + ROOT_LEVEL, (short) level, LE);
        rec.putShort(start + ROOT_LEVEL + 2, (short) 0, LE);
        rec.putInt(start + ROOT_BLOCK, (int) rootBlock, LE);
        int at = start + ROOT_ITEMS;
        rec.putShort(at + ITEM_KEY_LEN, (short) 0, LE);
        rec.putLong(at + ITEM_TID, 0, LE);
        rec.putInt(at + ITEM_CHILD, (int) oldRoot, LE);
        at += ITEM_HEADER;
        at = copy(rec, at, sep, 0);
        final int len = sc.encoder.finish(at - start);
        sc.buffers[0] = rootBuf;
        sc.buffers[1] = meta;
        sc.logger(t.context()).apply(rec, 0, len, sc.buffers, 2);
        t.setRoot(rootBlock, level + 1);
    }

    /** Item {@code i} of the page's items with the new one put in at {@code insertSlot}: its offset. */
    private static int combined(final DirectBuffer p, final int b, final int i, final int insertSlot) {
        if (i < insertSlot) {
            return item(p, b, i);
        }
        return i == insertSlot ? 0 : item(p, b, i - 1);
    }

    /** The buffer holding item {@code i} of the combined sequence. */
    private static DirectBuffer combinedBuffer(final DirectBuffer p, final DirectBuffer newItem, final int i,
        final int insertSlot) {
        return i == insertSlot ? newItem : p;
    }

    private static int copy(final MutableDirectBuffer dst, final int at, final DirectBuffer src, final int item) {
        final int size = itemSize(src, item);
        dst.putBytes(at, src, item, size);
        return at + size;
    }
}
