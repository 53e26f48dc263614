package io.stratum.mvcc;

import static io.stratum.mvcc.HeapBasicsTest.insert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by {@code stratum chaos --seed 7} (a client link and the page-service link cut, the page server
 * killed): a rollback whose abort record could not be written left the transaction's xid active for good,
 * with no owner, so every later writer of a row it had touched waited forever (no deadlock detection can
 * see an ownerless holder). Now a rollback ends the transaction in the store even when its abort record
 * fails: not active and not committed reads as aborted, as after a crash.
 */
class FailedRollbackTest {
    @TempDir
    Path dir;

    /** A WAL writer whose appends fail while {@link #failing} is set. */
    static final class Flaky implements WalWriter {
        final WalWriter inner;
        volatile boolean failing;

        Flaky(final WalWriter inner) {
            this.inner = inner;
        }

        @Override
        public long append(final DirectBuffer record, final int offset, final int length) {
            if (failing) {
                throw StratumException.of(ErrorCode.UNAVAILABLE, "injected WAL failure");
            }
            return inner.append(record, offset, length);
        }

        @Override
        public void awaitDurable(final long lsn) {
            inner.awaitDurable(lsn);
        }

        @Override
        public long durableLsn() {
            return inner.durableLsn();
        }

        @Override
        public long endLsn() {
            return inner.endLsn();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @Test
    void aRollbackWhoseAbortRecordFailsReleasesItsRows() throws Exception {
        try (Cluster c = new Cluster(dir, 4 << 20, Duration.ofMillis(200))) {
            c.store.close();
            final Flaky wal = new Flaky(c.writer);
            final MvccStore store = MvccStore.open(MvccConfig.builder(c.timeline).wal(wal).bufferPoolBytes(4 << 20)
                .deadlockTimeout(Duration.ofMillis(200)).build());
            c.store = store;
            Transaction t = store.begin(Isolation.READ_COMMITTED, false);
            t.newStatement();
            final HeapTable h = store.createHeap(t, 1100);
            final long tid = insert(h, t, "v0");
            t.commit();
            final Transaction t1 = store.begin(Isolation.READ_COMMITTED, false);
            t1.newStatement();
            final long[] out = new long[1];
            assertEquals(Outcome.OK, h.update(t1, tid, b("v1"), 0, 2, WaitPolicy.BLOCK, out));
            wal.failing = true;
            assertThrows(RuntimeException.class, t1::rollback);
            wal.failing = false;
            final Transaction t2 = store.begin(Isolation.READ_COMMITTED, false);
            t2.newStatement();
            final CompletableFuture<Outcome> f = CompletableFuture.supplyAsync(
                () -> h.update(t2, tid, b("v2"), 0, 2, WaitPolicy.BLOCK, new long[1]));
            assertEquals(Outcome.OK, f.get(20, TimeUnit.SECONDS), "the row of the failed rollback is free");
            t2.commit();
        }
    }

    static UnsafeBuffer b(final String s) {
        return new UnsafeBuffer(s.getBytes(StandardCharsets.UTF_8));
    }
}
