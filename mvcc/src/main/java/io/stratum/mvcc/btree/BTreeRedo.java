package io.stratum.mvcc.btree;

import static io.stratum.mvcc.btree.BTreePage.*;

import io.stratum.engine.redo.RedoRegistry;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.codec.WalRecordDecoder;
import java.nio.ByteBuffer;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Redo of the B-tree's WAL records, resource manager {@link #RMGR} (18). The operation is the record's
 * info byte; payload integers are little-endian; an "item" is laid out as on a page ({@link BTreePage}:
 * u16 keyLen, u64 tid, u32 child, key bytes). Block references, in order, and payloads:
 * <pre>
 * op 1 CREATE    [meta WILL_INIT, block 1 WILL_INIT]       no payload
 *                meta = {root 1, height 1, blocks 2}; block 1 = empty leaf, no siblings
 * op 2 INSERT    [page]
 *                +-----------+------------------+
 *                | slot:16   | item             |   the item goes in at slot (compacting if fragmented)
 *                +-----------+------------------+
 * op 3 DELETE    [page]
 *                +-----------+------------------------+
 *                | n:16      | n x slot:16 (ascending) |  the slots are removed
 *                +-----------+------------------------+
 * op 4 SPLIT     [left, right WILL_INIT, meta, old right sibling (when there is one)]
 *                +----------+-----------+------------+---------+
 *                | level:16 | insert:16 | leftCnt:16 | flags:16|   flags bit 0: right page has a high key
 *                +----------+-----------+------------+---------+
 *                | left block:32 | right block:32 | old right:32 |
 *                +---------------+----------------+--------------+
 *                | new item | separator item | [right high item] | rightCnt:16 | rightCnt x item |
 *                +----------+----------------+-------------------+-------------+-----------------+
 *                left  = first leftCnt items of (left's items with the new item put in at 'insert'),
 *                        high key = separator, right link = right block (left link kept)
 *                right = the listed items, high key if flagged, left link = left, right link = old right
 *                meta  = blocks allocated := max(blocks, right + 1)
 *                old right sibling: left link = right block
 * op 5 NEW_ROOT  [root WILL_INIT, meta]
 *                +----------+------+--------------+------------+-------------+
 *                | level:16 | 0:16 | root block:32| first item | second item |
 *                +----------+------+--------------+------------+-------------+
 *                root = internal page of two items; meta = {root, height level+1, blocks max(., root+1)}
 * </pre>
 * Every handler rebuilds pages canonically (items packed in slot order), so the compute's page and the
 * page server's page are byte-identical. Threads: none; handlers are stateless (a per-thread 8 KiB scratch
 * page) and thread-safe.
 */
public final class BTreeRedo {
    /** The B-tree's resource manager id. */
    public static final int RMGR = 18;

    static final int OP_CREATE = 1;
    static final int OP_INSERT = 2;
    static final int OP_DELETE = 3;
    static final int OP_SPLIT = 4;
    static final int OP_NEW_ROOT = 5;

    static final int SPLIT_LEVEL = 0;
    static final int SPLIT_INSERT = 2;
    static final int SPLIT_LEFT_COUNT = 4;
    static final int SPLIT_FLAGS = 6;
    static final int SPLIT_LEFT = 8;
    static final int SPLIT_RIGHT = 12;
    static final int SPLIT_OLD_RIGHT = 16;
    static final int SPLIT_ITEMS = 20;

    static final int ROOT_LEVEL = 0;
    static final int ROOT_BLOCK = 4;
    static final int ROOT_ITEMS = 8;

    private static final ThreadLocal<UnsafeBuffer> SCRATCH =
        ThreadLocal.withInitial(() -> new UnsafeBuffer(ByteBuffer.allocateDirect(PAGE_SIZE)));

    private BTreeRedo() {
    }

    /** Registers the handler of {@link #RMGR} (call once per registry, as {@code MvccStore.registerRedo} does). */
    public static void register(final RedoRegistry registry) {
        registry.register(RMGR, BTreeRedo::redo);
    }

    static MutableDirectBuffer scratch() {
        return SCRATCH.get();
    }

    static void redo(final WalRecordDecoder r, final int block, final MutableDirectBuffer page, final int b) {
        final DirectBuffer src = r.buffer();
        final int at = r.payloadOffset();
        final int end = at + r.payloadLength();
        switch (r.info() & 0x7F) {
            case OP_CREATE -> redoCreate(block, page, b);
            case OP_INSERT -> {
                need(r, at + 2, end);
                final int item = checkedItem(r, at + 2, end);
                insert(page, b, src.getShort(at, LE) & 0xFFFF, src, item);
            }
            case OP_DELETE -> redoDelete(r, src, at, end, page, b);
            case OP_SPLIT -> redoSplit(r, block, src, at, end, page, b);
            case OP_NEW_ROOT -> redoNewRoot(r, block, src, at, end, page, b);
            default -> throw StratumException.of(ErrorCode.CORRUPT, "unknown B-tree record", "op", r.info());
        }
    }

    private static void redoCreate(final int block, final MutableDirectBuffer page, final int b) {
        if (block == 0) {
            page.setMemory(b, PAGE_SIZE, (byte) 0);
            page.putByte(b + KIND, (byte) KIND_META);
            page.putShort(b + META_VERSION, (short) VERSION, LE);
            page.putInt(b + META_MAGIC, MAGIC, LE);
            page.putInt(b + META_ROOT, 1, LE);
            page.putInt(b + META_HEIGHT, 1, LE);
            page.putInt(b + META_BLOCKS, 2, LE);
        } else {
            init(page, b, 0, 0, 0);
        }
    }

    private static void redoDelete(final WalRecordDecoder r, final DirectBuffer src, final int at, final int end,
        final MutableDirectBuffer page, final int b) {
        need(r, at + 2, end);
        final int n = src.getShort(at, LE) & 0xFFFF;
        need(r, at + 2 + 2 * n, end);
        for (int i = n - 1; i >= 0; i--) {
            remove(page, b, src.getShort(at + 2 + 2 * i, LE) & 0xFFFF);
        }
    }

    private static void redoSplit(final WalRecordDecoder r, final int block, final DirectBuffer src, final int at,
        final int end, final MutableDirectBuffer page, final int b) {
        need(r, at + SPLIT_ITEMS, end);
        final long rightBlock = src.getInt(at + SPLIT_RIGHT, LE) & 0xFFFF_FFFFL;
        switch (block) {
            case 0 -> splitLeft(r, src, at, end, rightBlock, page, b);
            case 1 -> splitRight(r, src, at, end, rightBlock, page, b);
            case 2 -> growBlocks(page, b, rightBlock + 1);
            case 3 -> page.putInt(b + LEFT, (int) rightBlock, LE);
            default -> throw StratumException.of(ErrorCode.CORRUPT, "B-tree split has no block", "block", block);
        }
    }

    private static void splitLeft(final WalRecordDecoder r, final DirectBuffer src, final int at, final int end,
        final long rightBlock, final MutableDirectBuffer page, final int b) {
        final int insertSlot = src.getShort(at + SPLIT_INSERT, LE) & 0xFFFF;
        final int leftCount = src.getShort(at + SPLIT_LEFT_COUNT, LE) & 0xFFFF;
        final int newItem = checkedItem(r, at + SPLIT_ITEMS, end);
        final int separator = checkedItem(r, newItem + itemSize(src, newItem), end);
        final int oldCount = count(page, b);
        if (insertSlot > oldCount || leftCount > oldCount + 1 || leftCount == 0) {
            throw StratumException.of(ErrorCode.CORRUPT, "B-tree split out of range", "insert", insertSlot,
                "leftCount", leftCount, "count", oldCount);
        }
        final MutableDirectBuffer old = scratch();
        old.putBytes(0, page, b, PAGE_SIZE);
        init(page, b, level(old, 0), left(old, 0), rightBlock);
        setHigh(page, b, src, separator);
        for (int i = 0; i < leftCount; i++) {
            if (i < insertSlot) {
                append(page, b, old, item(old, 0, i));
            } else if (i == insertSlot) {
                append(page, b, src, newItem);
            } else {
                append(page, b, old, item(old, 0, i - 1));
            }
        }
    }

    private static void splitRight(final WalRecordDecoder r, final DirectBuffer src, final int at, final int end,
        final long rightBlock, final MutableDirectBuffer page, final int b) {
        final int level = src.getShort(at + SPLIT_LEVEL, LE) & 0xFFFF;
        final boolean hasHigh = (src.getShort(at + SPLIT_FLAGS, LE) & 1) != 0;
        final long leftBlock = src.getInt(at + SPLIT_LEFT, LE) & 0xFFFF_FFFFL;
        final long oldRight = src.getInt(at + SPLIT_OLD_RIGHT, LE) & 0xFFFF_FFFFL;
        final int newItem = checkedItem(r, at + SPLIT_ITEMS, end);
        final int separator = checkedItem(r, newItem + itemSize(src, newItem), end);
        int p = separator + itemSize(src, separator);
        init(page, b, level, leftBlock, oldRight);
        if (hasHigh) {
            final int high = checkedItem(r, p, end);
            setHigh(page, b, src, high);
            p = high + itemSize(src, high);
        }
        need(r, p + 2, end);
        final int n = src.getShort(p, LE) & 0xFFFF;
        p += 2;
        for (int i = 0; i < n; i++) {
            final int item = checkedItem(r, p, end);
            append(page, b, src, item);
            p = item + itemSize(src, item);
        }
    }

    private static void redoNewRoot(final WalRecordDecoder r, final int block, final DirectBuffer src, final int at,
        final int end, final MutableDirectBuffer page, final int b) {
        need(r, at + ROOT_ITEMS, end);
        final int level = src.getShort(at + ROOT_LEVEL, LE) & 0xFFFF;
        final int root = src.getInt(at + ROOT_BLOCK, LE);
        if (block == 0) {
            final int first = checkedItem(r, at + ROOT_ITEMS, end);
            final int second = checkedItem(r, first + itemSize(src, first), end);
            init(page, b, level, 0, 0);
            append(page, b, src, first);
            append(page, b, src, second);
        } else {
            page.putInt(b + META_ROOT, root, LE);
            page.putInt(b + META_HEIGHT, level + 1, LE);
            growBlocks(page, b, (root & 0xFFFF_FFFFL) + 1);
        }
    }

    private static void growBlocks(final MutableDirectBuffer meta, final int b, final long atLeast) {
        if ((meta.getInt(b + META_BLOCKS, LE) & 0xFFFF_FFFFL) < atLeast) {
            meta.putInt(b + META_BLOCKS, (int) atLeast, LE);
        }
    }

    /** Checks that an item starts at {@code item} and ends by {@code end}; returns {@code item}. */
    private static int checkedItem(final WalRecordDecoder r, final int item, final int end) {
        need(r, item + ITEM_HEADER, end);
        final int len = keyLen(r.buffer(), item);
        if (len > MAX_KEY) {
            throw StratumException.of(ErrorCode.CORRUPT, "B-tree record key too long", "length", len);
        }
        need(r, item + ITEM_HEADER + len, end);
        return item;
    }

    private static void need(final WalRecordDecoder r, final int upTo, final int end) {
        if (upTo > end) {
            throw StratumException.of(ErrorCode.CORRUPT, "B-tree record payload too short", "op", r.info() & 0x7F,
                "length", r.length());
        }
    }
}
