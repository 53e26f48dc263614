package io.stratum.mvcc.btree;

import static io.stratum.mvcc.btree.BTreePage.*;

import io.stratum.engine.key.PageKey;
import io.stratum.mvcc.BTreeIndex;
import io.stratum.mvcc.BufferPool;
import io.stratum.mvcc.HeapTable;
import io.stratum.mvcc.IndexCursor;
import io.stratum.mvcc.MvccException;
import io.stratum.mvcc.Transaction;
import io.stratum.mvcc.pool.ClockBufferPool;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.util.function.LongPredicate;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A Lehman-Yao B-tree in relation {@code relation} of the context's database: block 0 is the metadata page,
 * the others are leaf and internal pages with high keys and right links (leaves also link left), laid out as
 * {@link BTreePage} draws; every change is a record of {@link BTreeRedo} applied through
 * {@link io.stratum.mvcc.PageLogger}. Readers latch one page at a time and move right past a concurrent
 * split; an inserter latches its leaf exclusively, and a split latches left to right (page, its right
 * sibling), then the metadata page, then the new page; parents are updated after the children are
 * released. A downlink lost in a crash between a split and its parent insert is harmless: the right link
 * still reaches the page.
 *
 * <p>Unique indexes check, before inserting, every entry with an equal key (holding the first leaf that can
 * hold the key exclusively, as PostgreSQL does): a live one fails with UNIQUE_VIOLATION, an in-progress one
 * is waited for (no latch held) and the check starts over. Entries are never moved left and pages are never
 * freed (VACUUM may leave empty pages). Inserting an entry (key, tid) that is already there changes nothing.
 *
 * <p>Threads: none; thread-safe (each thread works in its own {@link BTreeScratch}).
 */
public final class BTree implements BTreeIndex {
    private final BTreeContext ctx;
    private final BufferPool pool;
    private final int relation;
    private final boolean unique;
    private final long hi;
    /** Block-to-frame hints: frame + 1 of block {@code i & HINT_MASK} as last pinned; 0 = none. */
    private static final int HINT_SLOTS = 8192;
    private static final int HINT_MASK = HINT_SLOTS - 1;
    /** The pool when it can pin a hinted frame (a {@link ClockBufferPool}), else null. */
    private final ClockBufferPool clock;
    /**
     * Where each block was last found in the pool (direct-mapped by block number, 32 KiB per tree; a store
     * keeps one BTree per index), so that a hit skips the pool's key table, one dependent cache miss of every
     * page access. Plain reads and writes: a hint is only a guess that {@link ClockBufferPool#pinIfHolds}
     * checks against the frame's page key once pinned, so a stale hint, or one another thread overwrote,
     * costs a table lookup, never a wrong page.
     */
    private final int[] hints;
    /** Root block (high 32 bits) and height (low 32 bits) as last read; may lag behind the metadata page. */
    private volatile long rootAndHeight;

    private BTree(final BTreeContext ctx, final int relation, final boolean unique) {
        if (ctx == null || ctx.pool() == null || ctx.redo() == null) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "B-tree context needs a pool and a redo registry");
        }
        if (relation == 0) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "relation 0 is invalid", "relation", relation);
        }
        this.ctx = ctx;
        this.pool = ctx.pool();
        this.clock = pool instanceof ClockBufferPool c ? c : null;
        this.hints = clock != null ? new int[HINT_SLOTS] : null;
        this.relation = relation;
        this.unique = unique;
        this.hi = PageKey.relHi(ctx.database(), relation);
    }

    /** Creates an empty B-tree at {@code relation} (the metadata page and an empty root leaf, WAL-logged). */
    public static BTree create(final BTreeContext ctx, final int relation, final boolean unique) {
        final BTree t = new BTree(ctx, relation, unique);
        final BTreeScratch sc = BTreeScratch.get();
        sc.begin(t.pool);
        try {
            sc.buffers[0] = sc.acquireNew(t.hi, t.lo(0));
            sc.buffers[1] = sc.acquireNew(t.hi, t.lo(1));
            final int len = sc.encoder.wrap(sc.record, 0, sc.record.capacity())
                .begin(BTreeRedo.RMGR, BTreeRedo.OP_CREATE, 0)
                .addBlock(t.hi, t.lo(0), io.stratum.wal.codec.WalRecord.BLOCK_WILL_INIT)
                .addBlock(t.hi, t.lo(1), io.stratum.wal.codec.WalRecord.BLOCK_WILL_INIT).finish(0);
            sc.logger(ctx).apply(sc.record, 0, len, sc.buffers, 2);
            t.rootAndHeight = (1L << 32) | 1;
        } finally {
            sc.end();
        }
        return t;
    }

    /** Opens the B-tree created earlier at {@code relation}. */
    public static BTree open(final BTreeContext ctx, final int relation, final boolean unique) {
        final BTree t = new BTree(ctx, relation, unique);
        t.refreshRoot();
        return t;
    }

    @Override
    public int relation() {
        return relation;
    }

    @Override
    public boolean unique() {
        return unique;
    }

    BufferPool pool() {
        return pool;
    }

    BTreeContext context() {
        return ctx;
    }

    long hi() {
        return hi;
    }

    /** Pins block {@code block}: through its hint when the hinted frame still holds it, else through the pool. */
    int pinBlock(final long block) {
        final long lo = lo(block);
        if (clock == null) {
            return pool.pin(hi, lo);
        }
        final int[] h = hints;
        final int slot = (int) block & HINT_MASK;
        final int hinted = clock.pinIfHolds(h[slot] - 1, hi, lo);
        if (hinted >= 0) {
            return hinted;
        }
        final int buf = pool.pin(hi, lo);
        h[slot] = buf + 1;
        return buf;
    }

    long lo(final long block) {
        return PageKey.relLo(relation, 0, block);
    }

    /** Re-reads root and height from the metadata page. */
    void refreshRoot() {
        final int buf = pool.pin(hi, lo(0));
        try {
            pool.latchShared(buf);
            try {
                final MutableDirectBuffer p = pool.page(buf);
                final int b = pool.pageOffset(buf);
                checkMeta(p, b, relation);
                rootAndHeight = ((long) metaRoot(p, b) << 32) | (metaHeight(p, b) & 0xFFFF_FFFFL);
            } finally {
                pool.unlatch(buf);
            }
        } finally {
            pool.unpin(buf);
        }
    }

    /** Height as last read (1: the root is a leaf). */
    int height() {
        return (int) rootAndHeight;
    }

    void setRoot(final long root, final int height) {
        rootAndHeight = (root << 32) | (height & 0xFFFF_FFFFL);
    }

    /**
     * Descends to the page of level {@code level} that covers {@code s}, moving right past splits; it is held
     * in {@code sc} (latched exclusively when {@code exclusive}), its block is left in {@code s.landed} and the
     * bound of {@code s} on it in {@code s.pos} ({@link BTreePage#lowerBound} on a leaf, {@link BTreePage#upperBound}
     * from slot 1 on an internal page).
     * With {@code record}, the block visited at each level above is written to {@code sc.stack}.
     */
    int descend(final BTreeScratch sc, final SearchKey s, final int level, final boolean exclusive,
        final boolean record) {
        long block = rootAndHeight >>> 32;
        int buf = sc.acquire(this, block, false);
        MutableDirectBuffer p = pool.page(buf);
        int b = pool.pageOffset(buf);
        int at = level(p, b);
        if (hasHigh(p, b) || at < level) {
            // the cached root split: read the metadata page once more (right links cover any lag after that)
            sc.release(buf);
            refreshRoot();
            block = rootAndHeight >>> 32;
            buf = sc.acquire(this, block, false);
            p = pool.page(buf);
            b = pool.pageOffset(buf);
            at = level(p, b);
            if (at < level) {
                throw StratumException.of(ErrorCode.CORRUPT, "B-tree root below the level sought",
                    "relation", relation, "level", level, "rootLevel", at);
            }
        }
        if (record) {
            sc.stackTop = at;
        }
        s.noHint();
        if (at == level && exclusive) {
            sc.release(buf);
            buf = sc.acquire(this, block, true);
            p = pool.page(buf);
            b = pool.pageOffset(buf);
        }
        while (true) {
            // the bound on this page; only a key past every item can be beyond the high key (items are below it),
            // so the high key is read only then
            final int pos = at == 0 ? lowerBound(s, p, b, 0) : upperBound(s, p, b, 1);
            final int count = count(p, b);
            if (pos == count && beyondHigh(s, p, b)) {
                s.noHint();
                block = right(p, b);
                sc.release(buf);
                buf = sc.acquire(this, block, at == level && exclusive);
                p = pool.page(buf);
                b = pool.pageOffset(buf);
                continue;
            }
            if (at == level) {
                s.landed = block;
                s.pos = pos;
                return buf;
            }
            if (record) {
                sc.stack[at] = block;
            }
            block = child(p, item(p, b, pos - 1));
            // the child's keys are at or above the separator followed and below the next one (slot 0 of an
            // internal page stands for minus infinity, the last one's bound is the high key): its search's hint
            s.hintLo = pos > 1 ? head(p, b, pos - 1) : 0;
            s.hintHi = pos < count ? head(p, b, pos) : HEAD_MASK;
            sc.release(buf);
            at--;
            buf = sc.acquire(this, block, at == level && exclusive);
            p = pool.page(buf);
            b = pool.pageOffset(buf);
        }
    }

    @Override
    public void insert(final Transaction tx, final HeapTable heap, final DirectBuffer key, final int offset,
        final int length, final long tid) {
        checkKey(length);
        final BTreeScratch sc = BTreeScratch.get();
        final MutableDirectBuffer item = sc.item;
        item.putShort(ITEM_KEY_LEN, (short) length, LE);
        item.putLong(ITEM_TID, tid, LE);
        item.putInt(ITEM_CHILD, 0, LE);
        item.putBytes(ITEM_KEY, key, offset, length);
        final long xid = tx == null ? 0 : tx.xid();
        final SearchKey s = sc.search;
        sc.begin(pool);
        try {
            while (true) {
                int buf;
                if (unique) {
                    s.set(key, offset, length, 0, TIE_LOW, false);
                    final int first = descend(sc, s, 0, true, true);
                    final long waitFor = checkUnique(sc, tx, heap, key, offset, length, first, s.landed);
                    if (waitFor != 0) {
                        sc.releaseAll();
                        if (ctx.waiter() == null) {
                            throw StratumException.of(ErrorCode.INVALID_ARGUMENT,
                                "unique B-tree met an in-progress inserter but has no waiter", "relation", relation,
                                "xid", waitFor);
                        }
                        ctx.waiter().waitFor(tx, waitFor);
                        continue;
                    }
                    // keep 'first' latched until the entry is in, so no other inserter of the key can check meanwhile
                    s.set(key, offset, length, tid, TIE_TID, false);
                    buf = first;
                    MutableDirectBuffer p = pool.page(buf);
                    int b = pool.pageOffset(buf);
                    while (beyondHigh(s, p, b)) {
                        final long next = right(p, b);
                        final int prev = buf;
                        buf = sc.acquire(this, next, true);
                        if (prev != first) {
                            sc.release(prev);
                        }
                        p = pool.page(buf);
                        b = pool.pageOffset(buf);
                        s.landed = next;
                    }
                    s.noHint();
                    s.pos = lowerBound(s, p, b, 0);
                } else {
                    s.set(key, offset, length, tid, TIE_TID, false);
                    buf = descend(sc, s, 0, true, true);
                }
                final MutableDirectBuffer p = pool.page(buf);
                final int b = pool.pageOffset(buf);
                final int slot = s.pos;
                // the slot's head decides without reading the item unless the keys share it (a random key rarely does)
                if (slot < count(p, b) && compareSlot(s, p, b, slot) == 0) {
                    return; // (key, tid) is already there
                }
                if (fits(p, b, ITEM_HEADER + length)) {
                    logInsert(sc, xid, buf, s.landed, slot, item);
                    return;
                }
                BTreeSplit.split(this, sc, xid, buf, s.landed, slot, item);
                break;
            }
        } finally {
            sc.end();
        }
        BTreeSplit.insertDownlink(this, sc, xid, 1);
    }

    /**
     * Checks entries equal to the key, from {@code first} (held exclusively) rightwards; returns 0 when none
     * is live, or the xid of an in-progress one to wait for. Entries on {@code first} whose versions are
     * dead to every snapshot are deleted on the way (one WAL record, as PostgreSQL's B-tree removes
     * killed items before it splits): without that, every UPDATE of a hot row would walk all the row's
     * old versions in its unique index, more with each update until VACUUM.
     *
     * @throws MvccException UNIQUE_VIOLATION for a live one
     */
    private long checkUnique(final BTreeScratch sc, final Transaction tx, final HeapTable heap, final DirectBuffer key,
        final int offset, final int length, final int first, final long firstBlock) {
        int buf = first;
        MutableDirectBuffer p = pool.page(buf);
        int b = pool.pageOffset(buf);
        int pos = sc.search.pos;
        int dead = 0;
        while (true) {
            final int count = count(p, b);
            for (; pos < count; pos++) {
                final int it = item(p, b, pos);
                if (compareBytes(key, offset, length, p, it + ITEM_KEY, keyLen(p, it)) != 0) {
                    return done(sc, buf, first, firstBlock, dead, 0);
                }
                final long live = heap.liveness(tx, tid(p, it));
                if (live == 1) {
                    throw MvccException.of(MvccException.Reason.UNIQUE_VIOLATION,
                        "duplicate key value violates unique constraint", "relation", relation,
                        "key", hex(key, offset, length));
                }
                if (live == HeapTable.DEAD_TO_ALL) {
                    if (buf == first) {
                        sc.slots[dead++] = pos;
                    }
                } else if (live != 0) {
                    return done(sc, buf, first, firstBlock, dead, live);
                }
            }
            if (!hasHigh(p, b)) {
                return done(sc, buf, first, firstBlock, dead, 0);
            }
            final int h = high(p, b);
            if (compareBytes(key, offset, length, p, h + ITEM_KEY, keyLen(p, h)) != 0) {
                return done(sc, buf, first, firstBlock, dead, 0);
            }
            final long next = right(p, b);
            if (buf != first) {
                sc.release(buf);
            }
            buf = sc.acquire(this, next, false);
            p = pool.page(buf);
            b = pool.pageOffset(buf);
            pos = 0;
        }
    }

    private long done(final BTreeScratch sc, final int buf, final int first, final long firstBlock, final int dead,
        final long result) {
        if (buf != first) {
            sc.release(buf);
        }
        if (dead > 0) {
            logDelete(sc, 0, first, firstBlock, dead);
        }
        return result;
    }

    void logInsert(final BTreeScratch sc, final long xid, final int buf, final long block, final int slot,
        final DirectBuffer item) {
        final int size = itemSize(item, 0);
        sc.encoder.wrap(sc.record, 0, sc.record.capacity()).begin(BTreeRedo.RMGR, BTreeRedo.OP_INSERT, xid)
            .addBlock(hi, lo(block), 0);
        final int at = sc.encoder.payloadOffset();
        sc.record.putShort(at, (short) slot, LE);
        sc.record.putBytes(at + 2, item, 0, size);
        final int len = sc.encoder.finish(2 + size);
        sc.buffers[0] = buf;
        sc.logger(ctx).apply(sc.record, 0, len, sc.buffers, 1);
    }

    @Override
    public boolean delete(final Transaction tx, final DirectBuffer key, final int offset, final int length,
        final long tid) {
        if (length > MAX_KEY) {
            return false;
        }
        final BTreeScratch sc = BTreeScratch.get();
        final SearchKey s = sc.search.set(key, offset, length, tid, TIE_TID, false);
        sc.begin(pool);
        try {
            final int buf = descend(sc, s, 0, true, false);
            final MutableDirectBuffer p = pool.page(buf);
            final int b = pool.pageOffset(buf);
            final int slot = s.pos;
            if (slot == count(p, b) || compareSlot(s, p, b, slot) != 0) {
                return false;
            }
            sc.slots[0] = slot;
            logDelete(sc, tx == null ? 0 : tx.xid(), buf, s.landed, 1);
            return true;
        } finally {
            sc.end();
        }
    }

    @Override
    public long bulkDelete(final LongPredicate dead) {
        final BTreeScratch sc = BTreeScratch.get();
        final SearchKey s = sc.search.set(sc.item, 0, 0, 0, TIE_LOW, false);
        long removed = 0;
        sc.begin(pool);
        try {
            int buf = descend(sc, s, 0, true, false);
            long block = s.landed;
            while (true) {
                final MutableDirectBuffer p = pool.page(buf);
                final int b = pool.pageOffset(buf);
                final int count = count(p, b);
                int n = 0;
                for (int i = 0; i < count; i++) {
                    if (dead.test(tid(p, item(p, b, i)))) {
                        sc.slots[n++] = i;
                    }
                }
                if (n > 0) {
                    logDelete(sc, 0, buf, block, n);
                    removed += n;
                }
                block = right(p, b);
                sc.release(buf);
                if (block == 0) {
                    return removed;
                }
                buf = sc.acquire(this, block, true);
            }
        } finally {
            sc.end();
        }
    }

    private void logDelete(final BTreeScratch sc, final long xid, final int buf, final long block, final int n) {
        sc.encoder.wrap(sc.record, 0, sc.record.capacity()).begin(BTreeRedo.RMGR, BTreeRedo.OP_DELETE, xid)
            .addBlock(hi, lo(block), 0);
        final int at = sc.encoder.payloadOffset();
        sc.record.putShort(at, (short) n, LE);
        for (int i = 0; i < n; i++) {
            sc.record.putShort(at + 2 + 2 * i, (short) sc.slots[i], LE);
        }
        final int len = sc.encoder.finish(2 + 2 * n);
        sc.buffers[0] = buf;
        sc.logger(ctx).apply(sc.record, 0, len, sc.buffers, 1);
    }

    @Override
    public IndexCursor scan(final Transaction tx, final DirectBuffer low, final int lowOffset, final int lowLength,
        final boolean lowInclusive, final DirectBuffer high, final int highOffset, final int highLength,
        final boolean highInclusive, final boolean prefixHigh, final boolean backward) {
        final BTreeScratch sc = BTreeScratch.get();
        final BTreeCursor c = sc.takeCursor();
        try {
            c.open(sc, this, low, lowOffset, lowLength, lowInclusive, high, highOffset, highLength, highInclusive,
                prefixHigh, backward);
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static void checkKey(final int length) {
        if (length > MAX_KEY || length < 0) {
            throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "index key too long", "length", length, "max", MAX_KEY);
        }
    }

    static String hex(final DirectBuffer key, final int offset, final int length) {
        final StringBuilder sb = new StringBuilder(2 * length);
        for (int i = 0; i < length; i++) {
            sb.append(Character.forDigit((key.getByte(offset + i) >> 4) & 0xF, 16))
                .append(Character.forDigit(key.getByte(offset + i) & 0xF, 16));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "BTree[relation=" + relation + (unique ? ", unique" : "") + "]";
    }
}
