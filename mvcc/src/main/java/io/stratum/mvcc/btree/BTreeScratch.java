package io.stratum.mvcc.btree;

import io.stratum.mvcc.BufferPool;
import io.stratum.mvcc.PageLogger;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.codec.WalRecordEncoder;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Per-thread working memory of B-tree operations, so that inserts and lookups allocate nothing: the WAL
 * record encoder and buffer, a {@link PageLogger} (not thread-safe, so one per thread), the item being
 * inserted, separators, the descent stack, the pages held (released together in a {@code finally}) and a
 * few free cursors. Every field is overwritten before use: nothing carries over between calls, and the
 * pool and logger of a context are not kept alive by it (the logger is held weakly, the pool only
 * during an operation).
 */
final class BTreeScratch {
    static final int MAX_LEVELS = 32;
    private static final int MAX_HELD = 16;
    private static final int MAX_FREE_CURSORS = 8;
    private static final ThreadLocal<BTreeScratch> CURRENT = ThreadLocal.withInitial(BTreeScratch::new);

    final WalRecordEncoder encoder = new WalRecordEncoder();
    final UnsafeBuffer record = new UnsafeBuffer(ByteBuffer.allocateDirect(32 * 1024));
    final UnsafeBuffer item = new UnsafeBuffer(new byte[BTreePage.ITEM_HEADER + BTreePage.MAX_KEY]);
    UnsafeBuffer separator = new UnsafeBuffer(new byte[BTreePage.ITEM_HEADER + BTreePage.MAX_KEY]);
    UnsafeBuffer spare = new UnsafeBuffer(new byte[BTreePage.ITEM_HEADER + BTreePage.MAX_KEY]);
    final SearchKey search = new SearchKey();
    final int[] sizes = new int[BTreePage.MAX_ITEMS + 2];
    final int[] slots = new int[BTreePage.MAX_ITEMS + 1];
    final int[] buffers = new int[4];
    /** Block visited at each level by the last descent that recorded it; valid up to {@link #stackTop}. */
    final long[] stack = new long[MAX_LEVELS];
    int stackTop = -1;

    private final int[] held = new int[MAX_HELD];
    private int heldCount;
    private BufferPool heldPool;

    /** Held weakly, so that a thread's scratch never keeps a closed store's pool alive. */
    private WeakReference<BTreeContext> loggerContext = new WeakReference<>(null);
    private WeakReference<PageLogger> logger = new WeakReference<>(null);

    private final BTreeCursor[] freeCursors = new BTreeCursor[MAX_FREE_CURSORS];
    private int freeCount;

    static BTreeScratch get() {
        return CURRENT.get();
    }

    PageLogger logger(final BTreeContext ctx) {
        if (ctx.wal() == null) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "B-tree change on a read-only store");
        }
        PageLogger l = logger.get();
        if (l == null || loggerContext.get() != ctx) {
            l = new PageLogger(ctx.redo(), ctx.wal(), ctx.pool());
            logger = new WeakReference<>(l);
            loggerContext = new WeakReference<>(ctx);
        }
        return l;
    }

    /** Swaps {@link #separator} and {@link #spare} (a split reads one and writes the next). */
    void swapSeparators() {
        final UnsafeBuffer t = separator;
        separator = spare;
        spare = t;
    }

    // ---- held pages ----

    /** Starts an operation on {@code pool}; nothing is held. */
    void begin(final BufferPool pool) {
        if (heldCount != 0 && heldPool != null) {
            releaseAll();
        }
        heldPool = pool;
    }

    /** Pins and latches block {@code block} of {@code tree}; released by {@link #release} or {@link #releaseAll}. */
    int acquire(final BTree tree, final long block, final boolean exclusive) {
        final int buf = tree.pinBlock(block);
        latch(buf, exclusive);
        return buf;
    }

    /** Pins a new zero page and latches it exclusively. */
    int acquireNew(final long hi, final long lo) {
        final int buf = heldPool.pinNew(hi, lo);
        latch(buf, true);
        return buf;
    }

    private void latch(final int buf, final boolean exclusive) {
        if (heldCount == MAX_HELD) {
            heldPool.unpin(buf);
            throw StratumException.of(ErrorCode.INTERNAL, "B-tree holds too many pages", "max", MAX_HELD);
        }
        held[heldCount++] = buf;
        try {
            if (exclusive) {
                heldPool.latchExclusive(buf);
            } else {
                heldPool.latchShared(buf);
            }
        } catch (RuntimeException | Error e) {
            heldCount--;
            heldPool.unpin(buf);
            throw e;
        }
    }

    /** Unlatches and unpins one held page. */
    void release(final int buf) {
        for (int i = heldCount - 1; i >= 0; i--) {
            if (held[i] == buf) {
                System.arraycopy(held, i + 1, held, i, heldCount - i - 1);
                heldCount--;
                heldPool.unlatch(buf);
                heldPool.unpin(buf);
                return;
            }
        }
        throw StratumException.of(ErrorCode.INTERNAL, "B-tree releases a page it does not hold", "buffer", buf);
    }

    /** Ends an operation: releases what is held and forgets the pool. */
    void end() {
        releaseAll();
        heldPool = null;
    }

    /** Unlatches and unpins every held page, newest first. */
    void releaseAll() {
        while (heldCount > 0) {
            final int buf = held[--heldCount];
            heldPool.unlatch(buf);
            heldPool.unpin(buf);
        }
    }

    // ---- cursors ----

    BTreeCursor takeCursor() {
        if (freeCount == 0) {
            return new BTreeCursor();
        }
        final BTreeCursor c = freeCursors[--freeCount];
        freeCursors[freeCount] = null;
        return c;
    }

    void giveCursor(final BTreeCursor c) {
        if (freeCount < MAX_FREE_CURSORS) {
            freeCursors[freeCount++] = c;
        }
    }
}
