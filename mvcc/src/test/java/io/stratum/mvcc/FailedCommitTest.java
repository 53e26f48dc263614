package io.stratum.mvcc;

import static io.stratum.mvcc.FailedRollbackTest.b;
import static io.stratum.mvcc.HeapBasicsTest.insert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.engine.PageSource;
import io.stratum.mvcc.clog.CommitLog;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by {@code stratum chaos --seed 7} (the page-service link cut and the page server killed): a COMMIT that
 * failed before its commit record existed, because its commit-log page could not be read, left its xid active
 * with no owner, and every later writer of its rows waited forever. Such a transaction is now aborted.
 */
class FailedCommitTest {
    @TempDir
    Path dir;

    /** A page source whose commit-log page reads fail while {@link #failing} is set. */
    static final class FailingClog implements PageSource {
        final PageSource inner;
        final long clogHi;
        volatile boolean failing;
        final AtomicInteger failed = new AtomicInteger();

        FailingClog(final PageSource inner, final int database) {
            this.inner = inner;
            this.clogHi = CommitLog.pageHi(database);
        }

        @Override
        public void getPage(final long keyHi, final long keyLo, final long lsn, final MutableDirectBuffer dst,
                            final int offset) {
            if (failing && keyHi == clogHi) {
                failed.incrementAndGet();
                throw StratumException.of(ErrorCode.UNAVAILABLE, "injected: page server unreachable");
            }
            inner.getPage(keyHi, keyLo, lsn, dst, offset);
        }

        @Override
        public long relationSize(final int database, final int relation, final int fork, final long lsn) {
            return inner.relationSize(database, relation, fork, lsn);
        }

        @Override
        public long lastRecordLsn() {
            return inner.lastRecordLsn();
        }
    }

    @Test
    void aCommitThatFailsBeforeItsRecordReleasesItsRows() throws Exception {
        try (Cluster c = new Cluster(dir, 4 << 20, Duration.ofMillis(200))) {
            c.store.close();
            final FailingClog pages = new FailingClog(c.timeline, 1); // the store's database (MvccConfig's default)
            final MvccStore store = MvccStore.open(MvccConfig.builder(pages).wal(c.writer).bufferPoolBytes(4 << 20)
                .deadlockTimeout(Duration.ofMillis(200)).build());
            c.store = store;
            Transaction t = store.begin(Isolation.READ_COMMITTED, false);
            t.newStatement();
            final HeapTable h = store.createHeap(t, 1100);
            final long tid = insert(h, t, "v0");
            t.commit();
            // commit small transactions until the next xid is the first of a commit-log page the pool never read
            long last = t.xid();
            while ((last + 1) % CommitLog.XIDS_PER_PAGE != 0) {
                t = store.begin(Isolation.READ_COMMITTED, false);
                t.newStatement();
                insert(h, t, "filler");
                t.commit();
                last = t.xid();
            }
            final Transaction t1 = store.begin(Isolation.READ_COMMITTED, false);
            t1.newStatement();
            final long[] out = new long[1];
            assertEquals(Outcome.OK, h.update(t1, tid, b("v1"), 0, 2, WaitPolicy.BLOCK, out));
            assertEquals(0, t1.xid() % CommitLog.XIDS_PER_PAGE, "t1's status is on a new commit-log page");
            pages.failing = true;
            assertThrows(RuntimeException.class, t1::commit);
            pages.failing = false;
            assertTrue(pages.failed.get() > 0, "the injected failure fired");

            final Transaction t2 = store.begin(Isolation.READ_COMMITTED, false);
            t2.newStatement();
            final CompletableFuture<Outcome> f = CompletableFuture.supplyAsync(
                () -> h.update(t2, tid, b("v2"), 0, 2, WaitPolicy.BLOCK, new long[1]));
            assertEquals(Outcome.OK, f.get(20, TimeUnit.SECONDS), "the row of the failed commit is free");
            t2.commit();
        }
    }
}
