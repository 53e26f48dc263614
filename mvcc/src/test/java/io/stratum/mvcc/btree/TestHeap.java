package io.stratum.mvcc.btree;

import io.stratum.mvcc.HeapScan;
import io.stratum.mvcc.HeapTable;
import io.stratum.mvcc.LockMode;
import io.stratum.mvcc.Outcome;
import io.stratum.mvcc.Transaction;
import io.stratum.mvcc.TupleFetch;
import io.stratum.mvcc.WaitPolicy;
import java.util.concurrent.ConcurrentHashMap;
import org.agrona.DirectBuffer;

/** A test-only heap whose {@link #liveness} answers are set by the test (default: {@code defaultLiveness}). */
final class TestHeap implements HeapTable {
    final ConcurrentHashMap<Long, Long> liveness = new ConcurrentHashMap<>();
    private final long defaultLiveness;

    TestHeap(final long defaultLiveness) {
        this.defaultLiveness = defaultLiveness;
    }

    @Override
    public long liveness(final Transaction tx, final long tid) {
        return liveness.getOrDefault(tid, defaultLiveness);
    }

    @Override
    public int relation() {
        return 5000;
    }

    @Override
    public long insert(final Transaction tx, final DirectBuffer src, final int offset, final int length) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Outcome update(final Transaction tx, final long tid, final DirectBuffer src, final int offset,
        final int length, final WaitPolicy wait, final long[] out) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Outcome updateHot(final Transaction tx, final long tid, final DirectBuffer src, final int offset,
        final int length, final WaitPolicy wait, final long[] out) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean fetchIndexed(final Transaction tx, final long tid, final TupleFetch into) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Outcome delete(final Transaction tx, final long tid, final WaitPolicy wait, final long[] out) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Outcome lock(final Transaction tx, final long tid, final LockMode mode, final WaitPolicy wait,
        final long[] out) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean fetch(final Transaction tx, final long tid, final TupleFetch into) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean fetchLatest(final Transaction tx, final long tid, final TupleFetch into) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TupleFetch newFetch() {
        throw new UnsupportedOperationException();
    }

    @Override
    public HeapScan scan(final Transaction tx) {
        throw new UnsupportedOperationException();
    }

    @Override
    public HeapScan scan(final Transaction tx, final long fromBlock, final long toBlock) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long blocks() {
        return 0;
    }
}
