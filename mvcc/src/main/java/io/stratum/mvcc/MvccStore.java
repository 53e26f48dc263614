package io.stratum.mvcc;

import io.stratum.engine.redo.RedoRegistry;
import java.time.Duration;

/**
 * Entry point of mvcc: transactions, heaps and B-trees of one database on one timeline, over a
 * {@link BufferPool} fed by a {@link io.stratum.engine.PageSource}, writing WAL to a {@link WalWriter}.
 * Opening recovers the next xid from the page store; transactions left in progress by an earlier
 * incarnation are aborted. A store opened read-only at an LSN sees exactly what was committed at or
 * before it. Relation numbers are chosen by the caller (the compute's catalog); 1..999 are reserved for
 * catalog relations, 0 is invalid.
 *
 * <p>Threads: none of its own besides what the WAL writer runs; lock waits block the caller's thread.
 */
public final class MvccStore implements AutoCloseable {

    private MvccStore() {
    }

    /** Opens (recovering) a store. */
    public static MvccStore open(final MvccConfig config) {
        throw new UnsupportedOperationException("mvcc is being built");
    }

    /** Registers mvcc's redo handlers (rmgr 16..63) in a page server's registry. */
    public static void registerRedo(final RedoRegistry registry) {
        throw new UnsupportedOperationException("mvcc is being built");
    }

    /** Starts a transaction; a read-only store only starts read-only ones. */
    public Transaction begin(final Isolation isolation, final boolean readOnly) {
        throw new UnsupportedOperationException("mvcc is being built");
    }

    /** Lock timeout of {@code tx}'s waits from now on (zero: none, as PostgreSQL's lock_timeout = 0). */
    public void setLockTimeout(final Transaction tx, final Duration timeout) {
        throw new UnsupportedOperationException("mvcc is being built");
    }

    /** Whether SERIALIZABLE is true SSI (false: it runs as REPEATABLE READ). */
    public boolean serializableIsExact() {
        return false;
    }

    public boolean readOnly() {
        throw new UnsupportedOperationException("mvcc is being built");
    }

    /** Whether a relation (heap or B-tree) exists at {@code relation} at this store's LSN. */
    public boolean exists(final int relation) {
        throw new UnsupportedOperationException("mvcc is being built");
    }

    /** Creates an empty heap at {@code relation} (its size entry set to 0 blocks, WAL-logged). */
    public HeapTable createHeap(final Transaction tx, final int relation) {
        throw new UnsupportedOperationException("mvcc is being built");
    }

    /** The heap at {@code relation} (created earlier, possibly by an earlier incarnation). */
    public HeapTable heap(final int relation) {
        throw new UnsupportedOperationException("mvcc is being built");
    }

    /** Creates an empty B-tree at {@code relation} (its metadata page WAL-logged). */
    public BTreeIndex createBTree(final Transaction tx, final int relation, final boolean unique) {
        throw new UnsupportedOperationException("mvcc is being built");
    }

    public BTreeIndex btree(final int relation, final boolean unique) {
        throw new UnsupportedOperationException("mvcc is being built");
    }

    /**
     * VACUUM of one heap: removes versions no snapshot can see, first removing index entries that point to
     * them from every index of the heap; returns the number of versions removed.
     */
    public long vacuum(final HeapTable heap, final BTreeIndex[] indexes) {
        throw new UnsupportedOperationException("mvcc is being built");
    }

    /** Blocks until transaction {@code xid} ends (deadlock detection and lock timeout apply to {@code tx}). */
    public void waitFor(final Transaction tx, final long xid) {
        throw new UnsupportedOperationException("mvcc is being built");
    }

    /**
     * Next value of sequence {@code sequence} (non-transactional, WAL-logged, never handed out twice even
     * across a crash; values may be skipped, as in PostgreSQL). {@code start} and {@code increment} are
     * used when the sequence has no value yet.
     */
    public long nextValue(final int sequence, final long start, final long increment) {
        throw new UnsupportedOperationException("mvcc is being built");
    }

    /** Sets a sequence's last value (setval). */
    public void setValue(final int sequence, final long value) {
        throw new UnsupportedOperationException("mvcc is being built");
    }

    /** End LSN of the WAL written so far (read-write) or the fixed LSN (read-only): pg_current_wal_lsn(). */
    public long currentLsn() {
        throw new UnsupportedOperationException("mvcc is being built");
    }

    public BufferPool bufferPool() {
        throw new UnsupportedOperationException("mvcc is being built");
    }

    @Override
    public void close() {
    }
}
