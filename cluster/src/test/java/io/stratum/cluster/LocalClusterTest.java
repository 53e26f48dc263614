package io.stratum.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.redo.EngineRecords;
import io.stratum.engine.service.PageClient;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import io.stratum.wal.codec.WalRecordEncoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local cluster in one JVM: write, read, restart, read again. */
@Tag("slow")
class LocalClusterTest {
    @TempDir
    Path dir;

    /** A WAL port base (nodes on base + 1..3) and two more ports ({@link io.stratum.raft.PeerPorts}). */
    static int[] ports() {
        final int base = io.stratum.raft.PeerPorts.base(3);
        final int[] p = io.stratum.raft.PeerPorts.next(2);
        return new int[] {base, p[0], p[1]};
    }

    @Test
    void writesThroughTheWalServiceAndReadsBackAfterARestart() throws Exception {
        final int[] p = ports();
        final LocalCluster.Options o = new LocalCluster.Options(dir, 3, p[0], p[1], p[2], -1, -1);
        final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        final long hi = PageKey.relHi(1, 7);
        final long lo = PageKey.relLo(7, 0, 3);
        final long end;
        final TenantId tenant;
        final TimelineId main;
        try (LocalCluster c = LocalCluster.start(o, quiet)) {
            tenant = c.tenant();
            main = c.mainTimeline();
            final WalSink sink = c.walClient().acquireWriter(tenant, main);
            final UnsafeBuffer buf = new UnsafeBuffer(new byte[1024]);
            final UnsafeBuffer v = new UnsafeBuffer(new byte[8]);
            v.putLong(0, 0x1122334455667788L);
            final int len = EngineRecords.patch(new WalRecordEncoder(), buf, 0, hi, lo, 100, v, 0, 8);
            end = sink.append(LocalCluster.FIRST_LSN, buf, 0, len).get();
            try (PageClient client = PageClient.connect("127.0.0.1", p[1], 1, 30_000)) {
                final UnsafeBuffer page = new UnsafeBuffer(new byte[8192]);
                assertEquals(end, client.waitForLsn(tenant, main, end, 30_000));
                client.getPage(tenant, main, hi, lo, end, page, 0);
                assertEquals(0x1122334455667788L, page.getLong(100));
                client.getPage(tenant, main, hi, lo, LocalCluster.FIRST_LSN, page, 0);
                assertEquals(0L, page.getLong(100), "before the write the page is zero");
            }
        }
        try (LocalCluster c = LocalCluster.start(o, quiet)) {
            assertEquals(tenant, c.tenant(), "the same tenant after a restart");
            assertEquals(main, c.mainTimeline());
            try (PageClient client = PageClient.connect("127.0.0.1", p[1], 1, 30_000)) {
                final UnsafeBuffer page = new UnsafeBuffer(new byte[8192]);
                assertEquals(end, client.waitForLsn(tenant, main, end, 30_000));
                client.getPage(tenant, main, hi, lo, end, page, 0);
                assertEquals(0x1122334455667788L, page.getLong(100));
            }
        }
    }
}
