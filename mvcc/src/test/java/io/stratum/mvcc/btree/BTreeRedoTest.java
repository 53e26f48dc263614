package io.stratum.mvcc.btree;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.engine.redo.RedoRegistry;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.codec.WalRecord;
import io.stratum.wal.codec.WalRecordDecoder;
import io.stratum.wal.codec.WalRecordEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Malformed B-tree records fail with CORRUPT and never write outside the page they redo. */
class BTreeRedoTest {
    private static final int GUARD = 8192;
    private final RedoRegistry registry = RedoRegistry.withBuiltins();
    private final UnsafeBuffer memory = new UnsafeBuffer(new byte[3 * 8192]);
    private final UnsafeBuffer rec = new UnsafeBuffer(new byte[65536]);
    private final WalRecordEncoder enc = new WalRecordEncoder();
    private final WalRecordDecoder dec = new WalRecordDecoder();

    BTreeRedoTest() {
        BTreeRedo.register(registry);
        memory.setMemory(0, memory.capacity(), (byte) 0x5A);
        memory.setMemory(GUARD, 8192, (byte) 0);
    }

    private void redo(final int op, final int block, final int flags, final byte[] payload) {
        final int len = enc.wrap(rec, 0, rec.capacity()).begin(BTreeRedo.RMGR, op, 0).addBlock(1, 2, flags)
            .payload(payload, 0, payload.length).finish();
        dec.wrap(rec, 0, len);
        registry.handler(BTreeRedo.RMGR).redo(dec, block, memory, GUARD);
    }

    private void assertCorrupt(final int op, final byte[] payload) {
        final StratumException e = assertThrows(StratumException.class, () -> redo(op, 0, 0, payload));
        assertEquals(ErrorCode.CORRUPT, e.code(), e.getMessage());
        for (int i = 0; i < GUARD; i++) {
            assertEquals((byte) 0x5A, memory.getByte(i), "guard before the page at " + i);
            assertEquals((byte) 0x5A, memory.getByte(2 * GUARD + i), "guard after the page at " + i);
        }
    }

    private static byte[] insertPayload(final int slot, final int keyLen) {
        final UnsafeBuffer p = new UnsafeBuffer(new byte[2 + 14 + keyLen]);
        p.putShort(0, (short) slot, BTreePage.LE);
        p.putShort(2, (short) keyLen, BTreePage.LE);
        p.putLong(4, 9, BTreePage.LE);
        return p.byteArray();
    }

    @Test
    void malformedRecordsAreCorruptAndStayInsideThePage() {
        redo(BTreeRedo.OP_CREATE, 1, WalRecord.BLOCK_WILL_INIT, new byte[0]); // an empty leaf
        assertCorrupt(9, new byte[0]);
        assertCorrupt(BTreeRedo.OP_INSERT, new byte[1]);
        assertCorrupt(BTreeRedo.OP_INSERT, insertPayload(5, 3));
        final byte[] cut = insertPayload(0, 30);
        assertCorrupt(BTreeRedo.OP_INSERT, java.util.Arrays.copyOf(cut, cut.length - 1));
        assertCorrupt(BTreeRedo.OP_INSERT, insertPayload(0, 2001));
        assertCorrupt(BTreeRedo.OP_DELETE, new byte[] {1, 0, 0, 0});
        assertCorrupt(BTreeRedo.OP_SPLIT, new byte[10]);
        assertCorrupt(BTreeRedo.OP_NEW_ROOT, new byte[4]);
        // fill the page, then one insert too many
        int n = 0;
        while (BTreePage.fits(memory, GUARD, 14 + 1500)) {
            redo(BTreeRedo.OP_INSERT, 0, 0, insertPayload(n++, 1500));
        }
        assertEquals(5, n);
        assertCorrupt(BTreeRedo.OP_INSERT, insertPayload(0, 1500));
        assertEquals(5, BTreePage.count(memory, GUARD));
    }
}
