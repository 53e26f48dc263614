package io.stratum.mvcc;

import io.stratum.engine.PageSource;
import io.stratum.engine.key.PageKey;
import io.stratum.engine.redo.EngineRecords;
import io.stratum.engine.redo.RedoRegistry;
import io.stratum.mvcc.btree.BTree;
import io.stratum.mvcc.btree.BTreeContext;
import io.stratum.mvcc.btree.BTreeRedo;
import io.stratum.mvcc.clog.CommitLog;
import io.stratum.mvcc.heap.Heap;
import io.stratum.mvcc.heap.HeapRedo;
import io.stratum.mvcc.heap.Vacuum;
import io.stratum.mvcc.meta.MetaPages;
import io.stratum.mvcc.meta.Sequences;
import io.stratum.mvcc.pool.ClockBufferPool;
import io.stratum.mvcc.pool.LastWrittenLsnCache;
import io.stratum.mvcc.txn.Txn;
import io.stratum.mvcc.txn.TxnManager;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

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
    private final MvccConfig config;
    private final ClockBufferPool pool;
    private final TxnManager txns;
    private final Sequences sequences;
    private final ConcurrentHashMap<Integer, Heap> heaps = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, BTree> btrees = new ConcurrentHashMap<>();
    private final BTreeContext btreeContext;

    private MvccStore(final MvccConfig config) {
        this.config = config;
        final RedoRegistry redo = RedoRegistry.withBuiltins();
        registerRedo(redo);
        final WalWriter wal = config.wal();
        this.pool = wal == null
            ? new ClockBufferPool(config.pages(), null, config.readOnlyLsn(), config.bufferPoolBytes(), null)
            : new ClockBufferPool(config.pages(), wal, 0, config.bufferPoolBytes(),
                new LastWrittenLsnCache(config.lastWrittenLsnEntries(), wal.endLsn()));
        this.txns = new TxnManager(pool, wal, redo, config.database(), config.deadlockTimeout().toNanos());
        this.sequences = new Sequences(pool, wal, redo, config.database());
        this.btreeContext = new BTreeContext(pool, wal, redo, config.database(), this::waitFor);
    }

    /** Opens (recovering) a store. */
    public static MvccStore open(final MvccConfig config) {
        return new MvccStore(config);
    }

    /** Registers mvcc's redo handlers (rmgr 16..63) in a page server's registry. */
    public static void registerRedo(final RedoRegistry registry) {
        CommitLog.register(registry);
        HeapRedo.register(registry);
        MetaPages.register(registry);
        BTreeRedo.register(registry);
    }

    /** Starts a transaction; a read-only store only starts read-only ones. */
    public Transaction begin(final Isolation isolation, final boolean readOnly) {
        return txns.begin(isolation, readOnly);
    }

    private static Txn txn(final Transaction tx) {
        if (!(tx instanceof Txn t)) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "transaction of another store");
        }
        return t;
    }

    /** Lock timeout of {@code tx}'s waits from now on (zero: none, as PostgreSQL's lock_timeout = 0). */
    public void setLockTimeout(final Transaction tx, final Duration timeout) {
        txn(tx).setLockTimeoutNanos(timeout.toNanos());
    }

    /** Whether SERIALIZABLE is true SSI (false: it runs as REPEATABLE READ). */
    public boolean serializableIsExact() {
        return false;
    }

    public boolean readOnly() {
        return config.readOnly();
    }

    private long sizeAt(final int relation) {
        final long lsn = readOnly() ? config.readOnlyLsn()
            : pool.readLsn(PageKey.relHi(config.database(), relation), PageKey.sizeLo(relation, 0));
        return config.pages().relationSize(config.database(), relation, 0, lsn);
    }

    /** Whether a relation (heap or B-tree) exists at {@code relation} at this store's LSN. */
    public boolean exists(final int relation) {
        return heaps.containsKey(relation) || btrees.containsKey(relation) || sizeAt(relation) != PageSource.NO_RELATION;
    }

    /** Creates an empty heap at {@code relation} (its size entry set to 0 blocks, WAL-logged). */
    public HeapTable createHeap(final Transaction tx, final int relation) {
        final Txn t = txn(tx);
        t.checkWritable();
        checkRelation(relation);
        if (exists(relation)) {
            throw StratumException.of(ErrorCode.ALREADY_EXISTS, "relation already exists", "relation", relation);
        }
        final Heap h = new Heap(txns, relation, 0);
        h.logCreate(t);
        heaps.put(relation, h);
        return h;
    }

    private static void checkRelation(final int relation) {
        if (relation <= 0) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "relation numbers are positive", "relation", relation);
        }
    }

    /** The heap at {@code relation} (created earlier, possibly by an earlier incarnation). */
    public HeapTable heap(final int relation) {
        checkRelation(relation);
        final Heap h = heaps.get(relation);
        if (h != null) {
            return h;
        }
        final long size = sizeAt(relation);
        if (size == PageSource.NO_RELATION) {
            throw StratumException.of(ErrorCode.NOT_FOUND, "no such relation", "relation", relation);
        }
        return heaps.computeIfAbsent(relation, r -> new Heap(txns, r, size));
    }

    /** Creates an empty B-tree at {@code relation} (its metadata page WAL-logged). */
    public BTreeIndex createBTree(final Transaction tx, final int relation, final boolean unique) {
        final Txn t = txn(tx);
        t.checkWritable();
        checkRelation(relation);
        if (exists(relation)) {
            throw StratumException.of(ErrorCode.ALREADY_EXISTS, "relation already exists", "relation", relation);
        }
        final BTree b = BTree.create(btreeContext, relation, unique);
        // a size entry marks the relation as existing (the B-tree counts its blocks in its metadata page)
        final int len = EngineRecords.relSize(t.encoder, t.record, 0, PageKey.relHi(config.database(), relation),
            PageKey.sizeLo(relation, 0), 0);
        t.logger.log(t.record, 0, len);
        btrees.put(relation, b);
        return b;
    }

    /** The B-tree at {@code relation} (created earlier, possibly by an earlier incarnation). */
    public BTreeIndex btree(final int relation, final boolean unique) {
        checkRelation(relation);
        final BTree b = btrees.get(relation);
        if (b != null) {
            return b;
        }
        return btrees.computeIfAbsent(relation, r -> BTree.open(btreeContext, r, unique));
    }

    /**
     * VACUUM of one heap: removes versions no snapshot can see, first removing index entries that point to
     * them from every index of the heap; returns the number of versions removed.
     */
    public long vacuum(final HeapTable heap, final BTreeIndex[] indexes) {
        if (readOnly()) {
            throw MvccException.of(MvccException.Reason.READ_ONLY_TRANSACTION, "cannot vacuum on a read-only store");
        }
        return Vacuum.run(txns, (Heap) heap, indexes);
    }

    /** Blocks until transaction {@code xid} ends (deadlock detection and lock timeout apply to {@code tx}). */
    public void waitFor(final Transaction tx, final long xid) {
        txns.locks().waitForXid(txn(tx), xid, WaitPolicy.BLOCK);
    }

    /**
     * Next value of sequence {@code sequence} (non-transactional, WAL-logged, never handed out twice even
     * across a crash; values may be skipped, as in PostgreSQL). {@code start} and {@code increment} are
     * used when the sequence has no value yet.
     */
    public long nextValue(final int sequence, final long start, final long increment) {
        return sequences.nextValue(sequence, start, increment);
    }

    /** Sets a sequence's last value (setval). */
    public void setValue(final int sequence, final long value) {
        sequences.setValue(sequence, value);
    }

    /** End LSN of the WAL written so far (read-write) or the fixed LSN (read-only): pg_current_wal_lsn(). */
    public long currentLsn() {
        return readOnly() ? config.readOnlyLsn() : config.wal().endLsn();
    }

    public BufferPool bufferPool() {
        return pool;
    }

    /** Tells {@code observer} of every commit and rollback from now on (null: nobody). */
    public void observeCommits(final CommitObserver observer) {
        txns.observer = observer == null ? CommitObserver.NONE : observer;
    }

    /** The transaction manager (for mvcc's own packages and tests). */
    @io.stratum.wal.Internal
    public TxnManager transactions() {
        return txns;
    }

    @Override
    public void close() {
        heaps.clear();
        btrees.clear();
    }
}
