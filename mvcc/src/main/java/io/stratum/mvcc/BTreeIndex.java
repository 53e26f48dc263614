package io.stratum.mvcc;

import org.agrona.DirectBuffer;

/**
 * A B-tree index whose keys are order-preserving byte strings (the compute encodes typed values so that
 * unsigned byte order is value order); entries are (key, TID) and sort by key, then TID. Thread-safe.
 */
public interface BTreeIndex {
    int relation();

    boolean unique();

    /**
     * Adds an entry for a new heap version. For a unique index, first checks the key against entries whose
     * heap version is live ({@code heap.liveness}): waits for an in-progress inserter, then fails with
     * UNIQUE_VIOLATION or goes on, exactly as PostgreSQL.
     *
     * @throws MvccException UNIQUE_VIOLATION, DEADLOCK_DETECTED, LOCK_NOT_AVAILABLE, CANCELED
     */
    void insert(Transaction tx, HeapTable heap, DirectBuffer key, int offset, int length, long tid);

    /** Removes the entry (key, tid) if present (VACUUM); true when it was there. */
    boolean delete(Transaction tx, DirectBuffer key, int offset, int length, long tid);

    /**
     * Entries with {@code low <= key <= high} ({@code lowInclusive}/{@code highInclusive} choose strictness;
     * a null bound is open), forward or backward. A key that is a prefix of a longer key sorts before it,
     * so a prefix bound with {@code highInclusive} and {@code prefixHigh} matches all keys starting with it.
     */
    IndexCursor scan(Transaction tx, DirectBuffer low, int lowOffset, int lowLength, boolean lowInclusive,
                     DirectBuffer high, int highOffset, int highLength, boolean highInclusive, boolean prefixHigh,
                     boolean backward);

    /** Removes every entry whose TID {@code dead} accepts (VACUUM); returns how many. */
    long bulkDelete(java.util.function.LongPredicate dead);
}
