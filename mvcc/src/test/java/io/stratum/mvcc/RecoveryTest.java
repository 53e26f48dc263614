package io.stratum.mvcc;

import static io.stratum.mvcc.HeapBasicsTest.insert;
import static io.stratum.mvcc.HeapBasicsTest.scan;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restart mid-transaction: uncommitted work is invisible, xids are never reused; sequences never repeat. */
class RecoveryTest {
    @TempDir
    Path dir;

    @Test
    void restartMidTransaction() {
        try (Cluster c = new Cluster(dir, 1 << 20)) {
            Transaction t = c.store.begin(Isolation.READ_COMMITTED, false);
            t.newStatement();
            HeapTable h = c.store.createHeap(t, 1001);
            final long committedRow = insert(h, t, "committed");
            t.commit();
            final long firstXid = t.xid();

            final Transaction open = c.store.begin(Isolation.READ_COMMITTED, false);
            open.newStatement();
            insert(h, open, "in flight");
            final long[] out = new long[1];
            assertEquals(Outcome.OK, h.delete(open, committedRow, WaitPolicy.BLOCK, out));
            final long lostXid = open.xid();
            assertTrue(lostXid > firstXid);
            // the compute dies here: its WAL is durable, the transaction never ended
            final MvccStore again = c.restart();

            assertEquals(io.stratum.mvcc.clog.CommitLog.ABORTED, again.transactions().commitLog().status(lostXid),
                "the reopened store wrote an abort record for the transaction left in progress");
            h = again.heap(1001);
            t = again.begin(Isolation.READ_COMMITTED, false);
            t.newStatement();
            assertEquals(List.of("committed"), scan(h, t), "the dead transaction's insert and delete are void");
            insert(h, t, "after");
            assertTrue(t.xid() > lostXid, "xids are never reused: " + t.xid() + " after " + lostXid);
            // the row the dead transaction deleted can be updated without waiting
            t.newStatement();
            final var b = HeapBasicsTest.bytes("committed2");
            assertEquals(Outcome.OK, h.update(t, committedRow, b, 0, b.capacity(), WaitPolicy.NOWAIT, out));
            t.commit();
            final Transaction r = again.begin(Isolation.READ_COMMITTED, true);
            r.newStatement();
            assertEquals(List.of("after", "committed2"), scan(h, r).stream().sorted().toList());
            try (MvccStore ro = c.readOnlyAt(c.sync())) {
                assertEquals(io.stratum.mvcc.clog.CommitLog.ABORTED, ro.transactions().commitLog().status(lostXid),
                    "the page server's commit log says aborted");
                assertEquals(io.stratum.mvcc.clog.CommitLog.COMMITTED, ro.transactions().commitLog().status(firstXid));
            }
        }
    }

    @Test
    void sequencesNeverRepeatAcrossRestarts() {
        try (Cluster c = new Cluster(dir, 1 << 20)) {
            long last = 0;
            for (int round = 0; round < 3; round++) {
                final MvccStore s = round == 0 ? c.store : c.restart();
                for (int i = 0; i < 50; i++) {
                    final long v = s.nextValue(7, 1, 1);
                    assertTrue(v > last, "value " + v + " after " + last);
                    last = v;
                }
            }
            c.store.setValue(7, 1000);
            assertEquals(1001, c.store.nextValue(7, 1, 1));
            final long afterSet = c.restart().nextValue(7, 1, 1);
            assertTrue(afterSet > 1001, "setval is durable and never repeats: " + afterSet);
        }
    }

    @Test
    void readOnlyStoreRefusesWrites() {
        try (Cluster c = new Cluster(dir, 1 << 20)) {
            final Transaction t = c.store.begin(Isolation.READ_COMMITTED, false);
            t.newStatement();
            c.store.createHeap(t, 1002);
            t.commit();
            final long lsn = c.sync();
            try (MvccStore ro = c.readOnlyAt(lsn)) {
                assertTrue(ro.readOnly());
                assertEquals(lsn, ro.currentLsn());
                final MvccException e = assertThrows(MvccException.class, () -> ro.begin(Isolation.READ_COMMITTED, false));
                assertEquals(MvccException.Reason.READ_ONLY_TRANSACTION, e.reason());
                final Transaction r = ro.begin(Isolation.READ_COMMITTED, true);
                r.newStatement();
                assertThrows(MvccException.class, () -> insert(ro.heap(1002), r, "x"));
                assertTrue(ro.exists(1002));
                assertFalse(ro.exists(1003));
            }
        }
    }
}
