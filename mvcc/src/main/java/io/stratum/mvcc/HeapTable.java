package io.stratum.mvcc;

import org.agrona.DirectBuffer;

/**
 * One heap relation: slotted 8 KiB pages of tuple versions. Thread-safe (page latches inside). Tuples are
 * byte strings to mvcc. Every change is a WAL record; the page the compute holds and the page the
 * engine redoes are byte-identical.
 */
public interface HeapTable {
    /** The longest tuple a heap page holds (bytes): a page less its header, one line pointer and a tuple header. */
    int MAX_TUPLE_BYTES = io.stratum.mvcc.heap.HeapPage.MAX_DATA;

    /** The relation number this heap lives at. */
    int relation();

    /** Inserts a new tuple written by {@code tx}; returns its TID. */
    long insert(Transaction tx, DirectBuffer src, int offset, int length);

    /**
     * Replaces the version at {@code tid} (found through {@code tx}'s snapshot) with a new one. Waits for
     * an in-progress transaction that changed or locked the row (per {@code wait}). {@code out[0]} receives
     * the new version's TID on {@link Outcome#OK}, or the newest version's TID on {@link Outcome#UPDATED}.
     *
     * @throws MvccException SERIALIZATION_FAILURE (REPEATABLE READ meeting a concurrent change),
     *     DEADLOCK_DETECTED, LOCK_NOT_AVAILABLE, READ_ONLY_TRANSACTION, CANCELED
     */
    Outcome update(Transaction tx, long tid, DirectBuffer src, int offset, int length, WaitPolicy wait, long[] out);

    /**
     * As {@link #update}, for a caller that changes no indexed column: when the new version fits on the old
     * one's page it becomes a heap-only tuple (HOT) that index entries reach through the old version's
     * chain, and {@code out[1]} is set to 1 (the caller adds no index entries); else {@code out[1]} is 0 and
     * the caller adds them as after {@link #update}. {@code out} has at least two elements.
     */
    Outcome updateHot(Transaction tx, long tid, DirectBuffer src, int offset, int length, WaitPolicy wait, long[] out);

    /** Deletes the version at {@code tid}; as {@link #update} for waiting and outcomes. */
    Outcome delete(Transaction tx, long tid, WaitPolicy wait, long[] out);

    /** Locks the row at {@code tid} ({@code SELECT ... FOR UPDATE/SHARE}); as {@link #update} for outcomes. */
    Outcome lock(Transaction tx, long tid, LockMode mode, WaitPolicy wait, long[] out);

    /**
     * Reads the version at {@code tid} if {@code tx}'s snapshot sees it (index scans, re-checks). The view
     * stays valid until the next call on {@code into}'s owner; returns false when the version is not visible.
     */
    boolean fetch(Transaction tx, long tid, TupleFetch into);

    /**
     * Reads the version of the row an index entry names ({@code tid}, the root of a HOT chain) that
     * {@code tx}'s snapshot sees, following the chain; {@code into.tid()} is then that version's TID (the
     * one to update, delete or lock). False when no version of the chain is visible.
     */
    boolean fetchIndexed(Transaction tx, long tid, TupleFetch into);

    /**
     * Reads the newest committed-or-own version at {@code tid} regardless of the snapshot (what READ
     * COMMITTED re-checks after {@link Outcome#UPDATED}); false when it is deleted.
     */
    boolean fetchLatest(Transaction tx, long tid, TupleFetch into);

    /** A holder for {@link #fetch} / {@link #fetchLatest}; one per cursor, reused across rows. */
    TupleFetch newFetch();

    /** A sequential scan under {@code tx}'s current snapshot. */
    HeapScan scan(Transaction tx);

    /**
     * A sequential scan of blocks {@code [fromBlock, toBlock)} only (those past the relation's end are
     * skipped), as PostgreSQL's {@code heap_setscanlimits}: a branch diff reads the blocks changed since
     * a fork this way, a page at a time instead of a fetch per slot.
     */
    HeapScan scan(Transaction tx, long fromBlock, long toBlock);

    /** A {@link #liveness} answer: no snapshot can see the version, so an index entry pointing at it may go. */
    long DEAD_TO_ALL = -1;

    /**
     * Whether the row an index entry names ({@code tid}, the root of a HOT chain) is live for uniqueness
     * checks, over every version of the chain: 0 dead (or aborted),
     * {@link #DEAD_TO_ALL} dead to every snapshot (pruned, inserted by an aborted xid, or deleted by a
     * committed one older than every snapshot), 1 live (committed and not deleted by a committed
     * transaction, or written by {@code tx}), or the xid of an in-progress transaction that inserted or
     * deleted it (wait for it with {@link MvccStore#waitFor}).
     */
    long liveness(Transaction tx, long tid);

    /** Blocks in the relation (its size, from the relation-size cache). */
    long blocks();
}
