package io.stratum.mvcc.heap;

import static io.stratum.mvcc.heap.HeapPage.LE;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.redo.EngineRmgr;
import io.stratum.engine.redo.RedoRegistry;
import io.stratum.mvcc.record.MvccRmgr;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordDecoder;
import io.stratum.wal.codec.WalRecordEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Heap records (rmgr 17; op in the info byte) and their redo, the one definition both the compute
 * ({@link io.stratum.mvcc.PageLogger}) and the page server run. A block reference with BLOCK_WILL_INIT
 * initialises its page first.
 * <pre>
 * op 1 INSERT  block 0 = page.  payload: u16 slot, u64 xmin, u32 cmin, data
 * op 2 UPDATE  block 0 = page of the new version, block 1 = page of the old one (absent: the same page).
 *              payload: u16 oldSlot, u16 newSlot, u64 xid, u32 cid, data.  Old: xmax = xid, cmax = cid,
 *              ctid = new TID, flags = UPDATED.  New: inserted as INSERT with xmin = xid, cmin = cid.
 * op 3 DELETE  block 0.  payload: u16 slot, u64 xid, u32 cid.  xmax, cmax set, ctid 0, flags = DELETED
 * op 4 LOCK    block 0.  payload: u16 slot, u64 xid, u32 cid, u8 share.  flags = LOCK_ONLY [| LOCK_SHARE]
 * op 5 PRUNE   block 0.  payload: u16 n, n x u16 slot.  Each slot becomes dead; the page is compacted.
 * op 6 FREE    block 0.  payload: u16 n, n x u16 slot.  Each (dead) slot becomes unused (VACUUM).
 * op 7 HOT_UPDATE  block 0.  payload as UPDATE.  A heap-only update on one page: the old version's flags
 *              are UPDATED | HOT_UPDATED, the new version is HEAP_ONLY.
 * op 8 PRUNE_HOT   block 0.  payload: u16 nDead, u16 nUnused, u16 nRedirect, nDead x u16 slot, nUnused x
 *              u16 slot, nRedirect x (u16 slot, u16 target).  Dead slots as PRUNE, unused ones free at once
 *              (heap-only versions: no index entry names them), redirects point a chain's root at its first
 *              surviving version; then the page is compacted.
 * </pre>
 */
public final class HeapRedo {
    public static final int OP_INSERT = 1;
    public static final int OP_UPDATE = 2;
    public static final int OP_DELETE = 3;
    public static final int OP_LOCK = 4;
    public static final int OP_PRUNE = 5;
    public static final int OP_FREE = 6;
    public static final int OP_HOT_UPDATE = 7;
    public static final int OP_PRUNE_HOT = 8;

    private HeapRedo() {
    }

    public static void register(final RedoRegistry registry) {
        registry.register(MvccRmgr.HEAP, HeapRedo::redo);
    }

    static StratumException corrupt(final String what, final int value) {
        return StratumException.of(ErrorCode.CORRUPT, "heap redo: " + what, "value", value);
    }

    private static void redo(final WalRecordDecoder r, final int block, final MutableDirectBuffer p, final int o) {
        if ((r.blockFlags(block) & WalRecord.BLOCK_WILL_INIT) != 0) {
            HeapPage.init(p, o);
        } else if (!HeapPage.initialised(p, o)) {
            throw corrupt("page not initialised", block);
        }
        final DirectBuffer b = r.buffer();
        final int at = EngineRmgr.bodyOffset(r);
        final int len = r.offset() + r.length() - at;
        switch (MvccRmgr.op(r.info())) {
            case OP_INSERT -> {
                need(len, 14);
                insert(p, o, b.getShort(at, LE) & 0xFFFF, b.getLong(at + 2, LE), b.getInt(at + 10, LE), b, at + 14,
                    len - 14);
            }
            case OP_HOT_UPDATE -> {
                need(len, 16);
                final long xid = b.getLong(at + 4, LE);
                final int cid = b.getInt(at + 12, LE);
                final int newSlot = b.getShort(at + 2, LE) & 0xFFFF;
                final long newTid = HeapPage.tid(PageKey.block(r.blockKeyLo(0)), newSlot);
                final int t = tuple(p, o, b.getShort(at, LE) & 0xFFFF);
                HeapPage.setXmax(p, t, xid, cid, newTid, HeapPage.UPDATED | HeapPage.HOT_UPDATED);
                HeapPage.notePrunable(p, o, xid);
                insert(p, o, newSlot, xid, cid, b, at + 16, len - 16);
                HeapPage.setHeapOnly(p, o + HeapPage.lpOffset(p, o, newSlot));
            }
            case OP_PRUNE_HOT -> {
                need(len, 6);
                final int nDead = b.getShort(at, LE) & 0xFFFF;
                final int nUnused = b.getShort(at + 2, LE) & 0xFFFF;
                final int nRedirect = b.getShort(at + 4, LE) & 0xFFFF;
                need(len, 6 + 2 * (nDead + nUnused) + 4 * nRedirect);
                final int slots = HeapPage.nslots(p, o);
                int q = at + 6;
                for (int i = 0; i < nDead + nUnused; i++, q += 2) {
                    final int slot = b.getShort(q, LE) & 0xFFFF;
                    if (slot >= slots) {
                        throw corrupt("slot out of range", slot);
                    }
                    if (i < nDead) {
                        HeapPage.markDead(p, o, slot);
                    } else {
                        HeapPage.markUnused(p, o, slot);
                    }
                }
                for (int i = 0; i < nRedirect; i++, q += 4) {
                    final int slot = b.getShort(q, LE) & 0xFFFF;
                    final int target = b.getShort(q + 2, LE) & 0xFFFF;
                    if (slot >= slots || target >= slots) {
                        throw corrupt("slot out of range", Math.max(slot, target));
                    }
                    HeapPage.markRedirect(p, o, slot, target);
                }
                HeapPage.compact(p, o);
                HeapPage.resetPrunable(p, o);
            }
            case OP_UPDATE -> {
                need(len, 16);
                final long xid = b.getLong(at + 4, LE);
                final int cid = b.getInt(at + 12, LE);
                final int newSlot = b.getShort(at + 2, LE) & 0xFFFF;
                final boolean isNew = block == 0;
                final boolean isOld = r.blockCount() == 1 || block == 1;
                if (isOld) {
                    final long newTid = HeapPage.tid(PageKey.block(r.blockKeyLo(0)), newSlot);
                    final int t = tuple(p, o, b.getShort(at, LE) & 0xFFFF);
                    HeapPage.setXmax(p, t, xid, cid, newTid, HeapPage.UPDATED);
                    HeapPage.notePrunable(p, o, xid);
                }
                if (isNew) {
                    insert(p, o, newSlot, xid, cid, b, at + 16, len - 16);
                }
            }
            case OP_DELETE -> {
                need(len, 14);
                final int t = tuple(p, o, b.getShort(at, LE) & 0xFFFF);
                HeapPage.setXmax(p, t, b.getLong(at + 2, LE), b.getInt(at + 10, LE), 0, HeapPage.DELETED);
                HeapPage.notePrunable(p, o, b.getLong(at + 2, LE));
            }
            case OP_LOCK -> {
                need(len, 15);
                final int t = tuple(p, o, b.getShort(at, LE) & 0xFFFF);
                HeapPage.setXmax(p, t, b.getLong(at + 2, LE), b.getInt(at + 10, LE), 0,
                    HeapPage.LOCK_ONLY | (b.getByte(at + 14) != 0 ? HeapPage.LOCK_SHARE : 0));
            }
            case OP_PRUNE, OP_FREE -> {
                need(len, 2);
                final int n = b.getShort(at, LE) & 0xFFFF;
                need(len, 2 + 2 * n);
                final int slots = HeapPage.nslots(p, o);
                for (int i = 0; i < n; i++) {
                    final int slot = b.getShort(at + 2 + 2 * i, LE) & 0xFFFF;
                    if (slot >= slots) {
                        throw corrupt("slot out of range", slot);
                    }
                    if (MvccRmgr.op(r.info()) == OP_PRUNE) {
                        HeapPage.markDead(p, o, slot);
                    } else {
                        HeapPage.markUnused(p, o, slot);
                    }
                }
                if (MvccRmgr.op(r.info()) == OP_PRUNE) {
                    HeapPage.compact(p, o);
                }
                HeapPage.resetPrunable(p, o);
            }
            default -> throw corrupt("unknown op", r.info());
        }
    }

    private static void need(final int len, final int n) {
        if (len < n) {
            throw corrupt("record too short", len);
        }
    }

    private static int tuple(final DirectBuffer p, final int o, final int slot) {
        if (!HeapPage.normal(p, o, slot)) {
            throw corrupt("no tuple at slot", slot);
        }
        return o + HeapPage.lpOffset(p, o, slot);
    }

    private static void insert(final MutableDirectBuffer p, final int o, final int slot, final long xmin,
                               final int cmin, final DirectBuffer src, final int srcOff, final int dataLen) {
        final int at = HeapPage.place(p, o, slot, HeapPage.TUPLE_HEADER + dataLen);
        HeapPage.writeHeader(p, o + at, xmin, cmin);
        p.putBytes(o + at + HeapPage.TUPLE_HEADER, src, srcOff, dataLen);
    }

    // ---- encoders (into the caller's buffer at 0; return the record length) ----

    public static int insert(final WalRecordEncoder enc, final MutableDirectBuffer buf, final long hi, final long lo,
                             final boolean init, final int slot, final long xid, final int cid, final DirectBuffer src,
                             final int off, final int len) {
        enc.wrap(buf, 0, buf.capacity()).begin(MvccRmgr.HEAP, OP_INSERT, xid)
            .addBlock(hi, lo, init ? WalRecord.BLOCK_WILL_INIT : 0);
        final int p = enc.payloadOffset();
        buf.putShort(p, (short) slot, LE);
        buf.putLong(p + 2, xid, LE);
        buf.putInt(p + 10, cid, LE);
        buf.putBytes(p + 14, src, off, len);
        return enc.finish(14 + len);
    }

    /** An UPDATE; {@code oldLo} equal to {@code newLo} makes a one-block record. */
    public static int update(final WalRecordEncoder enc, final MutableDirectBuffer buf, final long hi,
                             final long newLo, final boolean init, final long oldLo, final int oldSlot,
                             final int newSlot, final long xid, final int cid, final DirectBuffer src, final int off,
                             final int len) {
        return update(enc, buf, OP_UPDATE, hi, newLo, init, oldLo, oldSlot, newSlot, xid, cid, src, off, len);
    }

    /** A HOT_UPDATE on block {@code lo}: the new version is heap-only, in the same page. */
    public static int hotUpdate(final WalRecordEncoder enc, final MutableDirectBuffer buf, final long hi,
                                final long lo, final int oldSlot, final int newSlot, final long xid, final int cid,
                                final DirectBuffer src, final int off, final int len) {
        return update(enc, buf, OP_HOT_UPDATE, hi, lo, false, lo, oldSlot, newSlot, xid, cid, src, off, len);
    }

    private static int update(final WalRecordEncoder enc, final MutableDirectBuffer buf, final int op, final long hi,
                              final long newLo, final boolean init, final long oldLo, final int oldSlot,
                              final int newSlot, final long xid, final int cid, final DirectBuffer src, final int off,
                              final int len) {
        enc.wrap(buf, 0, buf.capacity()).begin(MvccRmgr.HEAP, op, xid)
            .addBlock(hi, newLo, init ? WalRecord.BLOCK_WILL_INIT : 0);
        if (oldLo != newLo) {
            enc.addBlock(hi, oldLo, 0);
        }
        final int p = enc.payloadOffset();
        buf.putShort(p, (short) oldSlot, LE);
        buf.putShort(p + 2, (short) newSlot, LE);
        buf.putLong(p + 4, xid, LE);
        buf.putInt(p + 12, cid, LE);
        buf.putBytes(p + 16, src, off, len);
        return enc.finish(16 + len);
    }

    public static int delete(final WalRecordEncoder enc, final MutableDirectBuffer buf, final long hi, final long lo,
                             final int slot, final long xid, final int cid) {
        enc.wrap(buf, 0, buf.capacity()).begin(MvccRmgr.HEAP, OP_DELETE, xid).addBlock(hi, lo, 0);
        final int p = enc.payloadOffset();
        buf.putShort(p, (short) slot, LE);
        buf.putLong(p + 2, xid, LE);
        buf.putInt(p + 10, cid, LE);
        return enc.finish(14);
    }

    public static int lock(final WalRecordEncoder enc, final MutableDirectBuffer buf, final long hi, final long lo,
                           final int slot, final long xid, final int cid, final boolean share) {
        enc.wrap(buf, 0, buf.capacity()).begin(MvccRmgr.HEAP, OP_LOCK, xid).addBlock(hi, lo, 0);
        final int p = enc.payloadOffset();
        buf.putShort(p, (short) slot, LE);
        buf.putLong(p + 2, xid, LE);
        buf.putInt(p + 10, cid, LE);
        buf.putByte(p + 14, (byte) (share ? 1 : 0));
        return enc.finish(15);
    }

    /** A PRUNE or FREE record of {@code slots[0..n)}. */
    public static int slots(final WalRecordEncoder enc, final MutableDirectBuffer buf, final int op, final long hi,
                            final long lo, final int[] slots, final int n) {
        enc.wrap(buf, 0, buf.capacity()).begin(MvccRmgr.HEAP, op, 0).addBlock(hi, lo, 0);
        final int p = enc.payloadOffset();
        buf.putShort(p, (short) n, LE);
        for (int i = 0; i < n; i++) {
            buf.putShort(p + 2 + 2 * i, (short) slots[i], LE);
        }
        return enc.finish(2 + 2 * n);
    }

    /**
     * A PRUNE_HOT record from one scratch array: {@code a[dead..dead+nDead)} become dead,
     * {@code a[unused..unused+nUnused)} unused, and each pair at {@code a[redirect+2i]} (slot, target) a redirect.
     */
    public static int pruneHot(final WalRecordEncoder enc, final MutableDirectBuffer buf, final long hi, final long lo,
                               final int[] a, final int dead, final int nDead, final int unused, final int nUnused,
                               final int redirect, final int nRedirect) {
        enc.wrap(buf, 0, buf.capacity()).begin(MvccRmgr.HEAP, OP_PRUNE_HOT, 0).addBlock(hi, lo, 0);
        final int p = enc.payloadOffset();
        buf.putShort(p, (short) nDead, LE);
        buf.putShort(p + 2, (short) nUnused, LE);
        buf.putShort(p + 4, (short) nRedirect, LE);
        int q = p + 6;
        for (int i = 0; i < nDead; i++, q += 2) {
            buf.putShort(q, (short) a[dead + i], LE);
        }
        for (int i = 0; i < nUnused; i++, q += 2) {
            buf.putShort(q, (short) a[unused + i], LE);
        }
        for (int i = 0; i < nRedirect; i++, q += 4) {
            buf.putShort(q, (short) a[redirect + 2 * i], LE);
            buf.putShort(q + 2, (short) a[redirect + 2 * i + 1], LE);
        }
        return enc.finish(q - p);
    }
}
