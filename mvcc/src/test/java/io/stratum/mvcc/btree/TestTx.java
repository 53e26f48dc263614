package io.stratum.mvcc.btree;

import io.stratum.mvcc.Isolation;
import io.stratum.mvcc.Transaction;

/** A test-only transaction with a fixed xid. */
final class TestTx implements Transaction {
    private final long xid;

    TestTx(final long xid) {
        this.xid = xid;
    }

    @Override
    public long xid() {
        return xid;
    }

    @Override
    public Isolation isolation() {
        return Isolation.READ_COMMITTED;
    }

    @Override
    public boolean readOnly() {
        return false;
    }

    @Override
    public void newStatement() {
    }

    @Override
    public int savepoint() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void rollbackTo(final int handle) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void release(final int handle) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long commit() {
        return 0;
    }

    @Override
    public void rollback() {
    }

    @Override
    public void cancel() {
    }

    @Override
    public boolean finished() {
        return false;
    }
}
