package io.stratum.mvcc;

/**
 * One transaction of one session. Not thread-safe: one session drives it (only {@link #cancel()} may be
 * called from another thread). Xids are 64-bit and assigned on the first write; a read-only transaction
 * never has one.
 */
public interface Transaction {
    /** The xid, or 0 while the transaction has not written. */
    long xid();

    Isolation isolation();

    boolean readOnly();

    /**
     * Starts the next statement: bumps the command id (a statement never sees its own changes) and,
     * under READ COMMITTED, takes a new snapshot. Call before every statement, the first included.
     */
    void newStatement();

    /** Opens a subtransaction; returns its handle (savepoint level, 1 for the first). */
    int savepoint();

    /** Rolls back everything since savepoint {@code handle} was taken; the savepoint stays open. */
    void rollbackTo(int handle);

    /** Merges savepoint {@code handle} (and those opened after it) into its parent. */
    void release(int handle);

    /**
     * Commits: writes the commit record (with the commit timestamp) and returns once it is durable.
     * Returns the commit record's end LSN (0 for a transaction that never wrote).
     */
    long commit();

    /** Aborts; never fails for a live transaction. */
    void rollback();

    /** Ends any lock wait of this transaction with {@link MvccException.Reason#CANCELED}. Any thread. */
    void cancel();

    /** Whether commit or rollback has run. */
    boolean finished();
}
