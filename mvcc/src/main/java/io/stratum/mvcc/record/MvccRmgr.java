package io.stratum.mvcc.record;

/**
 * Resource-manager ids of mvcc's WAL records (the engine gives mvcc 16..63). The op of a record is the
 * low 7 bits of its info byte; bit 7 is {@link io.stratum.wal.codec.WalRecord#INFO_HAS_TIMESTAMP}.
 */
public final class MvccRmgr {
    /** Transactions: commit and abort records, redone on commit-log pages. */
    public static final int TXN = 16;
    /** Heap pages: insert, update, delete, lock, prune, free. */
    public static final int HEAP = 17;
    /** B-tree pages (registered by {@code io.stratum.mvcc.btree.BTreeRedo}). */
    public static final int BTREE = 18;
    /** Metadata pages: the xid allocation limit, sequences. */
    public static final int META = 19;

    /** Mask of the op bits in the info byte. */
    public static final int OP_MASK = 0x7F;

    private MvccRmgr() {
    }

    public static int op(final int info) {
        return info & OP_MASK;
    }
}
