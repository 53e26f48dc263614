package io.stratum.mvcc.heap;

import io.stratum.engine.PageSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Layout of a heap page (8 KiB, integers little-endian). No LSN and no hint bits: every byte is written
 * by redo, so the compute's page and the page server's are identical.
 * <pre>
 *  0       2        4        6        8                16
 * +-------+--------+--------+--------+----------------+------------------------------+
 * | magic | nslots | upper  |  0     |   prune xid    | line pointers, nslots x 4 B  | -> free space
 * +-------+--------+--------+--------+----------------+------------------------------+
 *                                  ... free ...  | tuple | tuple | ... | tuple |  8192
 *                                                ^ upper (tuples grow down from the end)
 * line pointer: u16 offset, u16 length;  (0,0) unused, (0,1) dead (pruned, index entries may remain),
 *               (0, 0x8000 | s) redirect to slot s (the root of a HOT chain whose first versions were pruned)
 *
 * tuple (TUPLE_HEADER = 36 bytes, then the caller's bytes):
 *  0        8        16     20     24        32      34      36
 * +--------+--------+------+------+---------+-------+-------+-----------+
 * |  xmin  |  xmax  | cmin | cmax |  ctid   | flags |   0   | data ...  |
 * +--------+--------+------+------+---------+-------+-------+-----------+
 * flags: 1 UPDATED (xmax replaced it; ctid = newer version), 2 DELETED, 4 LOCK_ONLY (xmax only locks it),
 *        8 LOCK_SHARE (with LOCK_ONLY: FOR SHARE), 16 HOT_UPDATED (with UPDATED: the newer version is a
 *        heap-only tuple on this page), 32 HEAP_ONLY (no index entry points here: reached from its chain's root)
 * </pre>
 * HOT (heap-only tuples, as PostgreSQL's): an update that changes no indexed column and fits on the page
 * links the new version to the old one in the page and adds no index entry; index entries point at the
 * chain's root slot, and readers follow the chain from there ({@link #hotNext}).
 * Prune xid (PostgreSQL's pd_prune_xid): the smallest xid that set an xmax (update or delete, not a row
 * lock) on a version still on the page, 0 when there is none: a page whose prune xid is 0 holds no version
 * a prune could remove (but aborted inserts, which VACUUM removes), so a full page is not scanned for
 * nothing. Redo sets it with each xmax and recomputes it after each prune, from the page's bytes alone.
 * TID = (block << 16) | slot. Free space is compacted by redo itself when an insert needs it (tuples
 * re-laid in slot order from the end, the gap zeroed), so layouts stay deterministic.
 */
public final class HeapPage {
    public static final int MAGIC = 0x5448;
    public static final int HEADER = 16;
    public static final int LP = 4;
    public static final int TUPLE_HEADER = 36;
    public static final int PAGE = PageSource.PAGE_SIZE;
    /** Largest tuple data that fits a page. */
    public static final int MAX_DATA = PAGE - HEADER - LP - TUPLE_HEADER;
    public static final int MAX_SLOTS = (PAGE - HEADER) / (LP + TUPLE_HEADER);
    public static final int UPDATED = 1;
    public static final int DELETED = 2;
    public static final int LOCK_ONLY = 4;
    public static final int LOCK_SHARE = 8;
    public static final int HOT_UPDATED = 16;
    public static final int HEAP_ONLY = 32;
    private static final int REDIRECT = 0x8000;
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ThreadLocal<UnsafeBuffer> SCRATCH =
        ThreadLocal.withInitial(() -> new UnsafeBuffer(ByteBuffer.allocateDirect(PAGE)));

    private HeapPage() {
    }

    public static long tid(final long block, final int slot) {
        return block << 16 | slot;
    }

    public static long block(final long tid) {
        return tid >>> 16;
    }

    public static int slot(final long tid) {
        return (int) (tid & 0xFFFF);
    }

    public static boolean initialised(final DirectBuffer p, final int o) {
        return (p.getShort(o, LE) & 0xFFFF) == MAGIC;
    }

    static void init(final MutableDirectBuffer p, final int o) {
        p.setMemory(o, PAGE, (byte) 0);
        p.putShort(o, (short) MAGIC, LE);
        p.putShort(o + 4, (short) PAGE, LE);
    }

    public static int nslots(final DirectBuffer p, final int o) {
        return p.getShort(o + 2, LE) & 0xFFFF;
    }

    static int upper(final DirectBuffer p, final int o) {
        return p.getShort(o + 4, LE) & 0xFFFF;
    }

    /** Offset of the tuple of {@code slot} relative to the page, 0 when not a normal slot. */
    public static int lpOffset(final DirectBuffer p, final int o, final int slot) {
        return p.getShort(o + HEADER + slot * LP, LE) & 0xFFFF;
    }

    public static int lpLength(final DirectBuffer p, final int o, final int slot) {
        return p.getShort(o + HEADER + slot * LP + 2, LE) & 0xFFFF;
    }

    public static boolean normal(final DirectBuffer p, final int o, final int slot) {
        return slot < nslots(p, o) && lpOffset(p, o, slot) != 0;
    }

    public static boolean dead(final DirectBuffer p, final int o, final int slot) {
        return slot < nslots(p, o) && lpOffset(p, o, slot) == 0 && lpLength(p, o, slot) == 1;
    }

    /** The slot a redirect line pointer at {@code slot} points to, -1 when it is not a redirect. */
    public static int redirect(final DirectBuffer p, final int o, final int slot) {
        if (slot >= nslots(p, o) || lpOffset(p, o, slot) != 0) {
            return -1;
        }
        final int len = lpLength(p, o, slot);
        return (len & REDIRECT) != 0 ? len & ~REDIRECT : -1;
    }

    /**
     * The next member of a HOT chain after the (normal) tuple at {@code slot}: the heap-only tuple its ctid
     * names on this page, if that slot still holds the version {@code slot}'s updater inserted; else -1.
     */
    public static int hotNext(final DirectBuffer p, final int o, final int slot) {
        final int t = o + lpOffset(p, o, slot);
        if ((flags(p, t) & (UPDATED | HOT_UPDATED)) != (UPDATED | HOT_UPDATED)) {
            return -1;
        }
        final int next = slot(ctid(p, t));
        if (!normal(p, o, next)) {
            return -1;
        }
        final int nt = o + lpOffset(p, o, next);
        return (flags(p, nt) & HEAP_ONLY) != 0 && xmin(p, nt) == xmax(p, t) ? next : -1;
    }

    /**
     * Fills {@code rootOf[s]} for every slot: the slot index entries name for the version at {@code s} (the
     * root of its HOT chain; {@code s} itself for versions in no chain).
     */
    public static void roots(final DirectBuffer p, final int o, final int[] rootOf) {
        final int n = nslots(p, o);
        for (int s = 0; s < n; s++) {
            rootOf[s] = s;
        }
        for (int r = 0; r < n; r++) {
            int m = redirect(p, o, r);
            if (m < 0) {
                if (!normal(p, o, r) || (flags(p, o + lpOffset(p, o, r)) & HEAP_ONLY) != 0) {
                    continue;
                }
                m = r;
            } else if (!normal(p, o, m)) {
                continue;
            }
            for (int hops = 0; m >= 0 && hops < n; hops++) {
                rootOf[m] = r;
                m = hotNext(p, o, m);
            }
        }
    }

    private static void setLp(final MutableDirectBuffer p, final int o, final int slot, final int off, final int len) {
        p.putShort(o + HEADER + slot * LP, (short) off, LE);
        p.putShort(o + HEADER + slot * LP + 2, (short) len, LE);
    }

    /** The slot a new tuple goes to: the first unused one, else a new one at the end. */
    public static int chooseSlot(final DirectBuffer p, final int o) {
        final int n = nslots(p, o);
        for (int s = 0; s < n; s++) {
            if (lpOffset(p, o, s) == 0 && lpLength(p, o, s) == 0) {
                return s;
            }
        }
        return n;
    }

    /**
     * Bytes free for tuples if the page were compacted (line pointers already there excluded). The tuple area
     * never has holes: tuples are placed at {@code upper}, and every operation that frees tuple bytes (a
     * prune) compacts the page, while VACUUM's free only turns dead line pointers (no bytes) unused. So the
     * free space is the gap between the line pointers and {@code upper}: O(1), where summing the slots cost
     * 6% of the CPU of pgbench's tpcb-like run (called two or three times per update).
     */
    public static int freeTotal(final DirectBuffer p, final int o) {
        if (!initialised(p, o)) {
            return PAGE - HEADER;
        }
        return upper(p, o) - HEADER - nslots(p, o) * LP;
    }

    /** Whether a tuple of {@code tupleBytes} (header included) fits, counting a new line pointer if needed. */
    public static boolean fits(final DirectBuffer p, final int o, final int tupleBytes) {
        if (!initialised(p, o)) {
            return tupleBytes + LP <= PAGE - HEADER;
        }
        final int slot = chooseSlot(p, o);
        if (slot >= MAX_SLOTS) {
            return false;
        }
        return freeTotal(p, o) - (slot == nslots(p, o) ? LP : 0) >= tupleBytes;
    }

    /** Places a tuple of {@code bytes} at {@code slot} (compacting if needed); returns its page offset. */
    static int place(final MutableDirectBuffer p, final int o, final int slot, final int bytes) {
        int n = nslots(p, o);
        if (slot > n || slot >= MAX_SLOTS) {
            throw HeapRedo.corrupt("slot out of range", slot);
        }
        if (slot == n) {
            n++;
            p.putShort(o + 2, (short) n, LE);
            setLp(p, o, slot, 0, 0);
        } else if (lpOffset(p, o, slot) != 0 || lpLength(p, o, slot) != 0) {
            throw HeapRedo.corrupt("slot in use", slot);
        }
        if (upper(p, o) - (HEADER + n * LP) < bytes) {
            compact(p, o);
            if (upper(p, o) - (HEADER + n * LP) < bytes) {
                throw HeapRedo.corrupt("tuple does not fit", bytes);
            }
        }
        final int at = upper(p, o) - bytes;
        p.putShort(o + 4, (short) at, LE);
        setLp(p, o, slot, at, bytes);
        return at;
    }

    /** Re-lays every tuple in slot order from the end of the page and zeroes the gap. */
    static void compact(final MutableDirectBuffer p, final int o) {
        final UnsafeBuffer s = SCRATCH.get();
        s.putBytes(0, p, o, PAGE);
        final int n = nslots(p, o);
        int up = PAGE;
        for (int slot = 0; slot < n; slot++) {
            final int off = lpOffset(s, 0, slot);
            if (off != 0) {
                final int len = lpLength(s, 0, slot);
                up -= len;
                p.putBytes(o + up, s, off, len);
                setLp(p, o, slot, up, len);
            }
        }
        final int lower = HEADER + n * LP;
        p.setMemory(o + lower, up - lower, (byte) 0);
        p.putShort(o + 4, (short) up, LE);
    }

    /** The page's prune xid: 0 when no version on it was updated or deleted (see the class comment). */
    public static long pruneXid(final DirectBuffer p, final int o) {
        return p.getLong(o + 8, LE);
    }

    /** Notes that {@code xid} set an xmax that may make a version prunable. */
    static void notePrunable(final MutableDirectBuffer p, final int o, final long xid) {
        final long cur = pruneXid(p, o);
        if (cur == 0 || Long.compareUnsigned(xid, cur) < 0) {
            p.putLong(o + 8, xid, LE);
        }
    }

    /** Recomputes the prune xid from the versions left on the page (after a prune). */
    static void resetPrunable(final MutableDirectBuffer p, final int o) {
        long min = 0;
        final int n = nslots(p, o);
        for (int slot = 0; slot < n; slot++) {
            if (!normal(p, o, slot)) {
                continue;
            }
            final int t = o + lpOffset(p, o, slot);
            final int f = flags(p, t);
            if ((f & (UPDATED | DELETED)) != 0 && (f & LOCK_ONLY) == 0) {
                final long x = xmax(p, t);
                if (min == 0 || Long.compareUnsigned(x, min) < 0) {
                    min = x;
                }
            }
        }
        p.putLong(o + 8, min, LE);
    }

    static void markDead(final MutableDirectBuffer p, final int o, final int slot) {
        setLp(p, o, slot, 0, 1);
    }

    static void markUnused(final MutableDirectBuffer p, final int o, final int slot) {
        setLp(p, o, slot, 0, 0);
    }

    static void markRedirect(final MutableDirectBuffer p, final int o, final int slot, final int target) {
        setLp(p, o, slot, 0, REDIRECT | target);
    }

    // tuple header fields; t is the tuple's offset in the buffer
    public static long xmin(final DirectBuffer b, final int t) {
        return b.getLong(t, LE);
    }

    public static long xmax(final DirectBuffer b, final int t) {
        return b.getLong(t + 8, LE);
    }

    public static int cmin(final DirectBuffer b, final int t) {
        return b.getInt(t + 16, LE);
    }

    public static int cmax(final DirectBuffer b, final int t) {
        return b.getInt(t + 20, LE);
    }

    public static long ctid(final DirectBuffer b, final int t) {
        return b.getLong(t + 24, LE);
    }

    public static int flags(final DirectBuffer b, final int t) {
        return b.getShort(t + 32, LE) & 0xFFFF;
    }

    static void writeHeader(final MutableDirectBuffer b, final int t, final long xmin, final int cmin) {
        b.putLong(t, xmin, LE);
        b.putLong(t + 8, 0, LE);
        b.putInt(t + 16, cmin, LE);
        b.putInt(t + 20, 0, LE);
        b.putLong(t + 24, 0, LE);
        b.putInt(t + 32, 0, LE);
    }

    /** Sets xmax, cmax, ctid and flags; a heap-only tuple stays heap-only (that is fixed at its insert). */
    static void setXmax(final MutableDirectBuffer b, final int t, final long xmax, final int cmax, final long ctid,
                        final int flags) {
        b.putLong(t + 8, xmax, LE);
        b.putInt(t + 20, cmax, LE);
        b.putLong(t + 24, ctid, LE);
        b.putShort(t + 32, (short) (flags | (flags(b, t) & HEAP_ONLY)), LE);
    }

    static void setHeapOnly(final MutableDirectBuffer b, final int t) {
        b.putShort(t + 32, (short) (flags(b, t) | HEAP_ONLY), LE);
    }
}
