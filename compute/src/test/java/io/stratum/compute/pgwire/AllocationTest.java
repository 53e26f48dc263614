package io.stratum.compute.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** DataRow encoding allocates nothing per row for int4, text, bool and int8 values (text results). */
class AllocationTest {
    private static final int ROWS = 100_000;

    @Test
    void dataRowsDoNotAllocate() throws Exception {
        final com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported());
        mx.setThreadAllocatedMemoryEnabled(true);
        try (PgServer server = PgServer.start(PgServerConfig.builder().port(0).build(), new FakeSessionFactory());
             RawClient c = RawClient.started(server.port(), new ArrayList<>())) {
            final Thread connection = connectionThread();
            query(c, 1000); // warm up
            final long before = mx.getThreadAllocatedBytes(connection.getId());
            query(c, ROWS);
            final long perRow = (mx.getThreadAllocatedBytes(connection.getId()) - before) / ROWS;
            assertTrue(perRow < 8, "bytes allocated per DataRow: " + perRow);
        }
    }

    private static void query(final RawClient c, final int rows) throws Exception {
        c.send('Q', "select repeat_row(" + rows + ")");
        int dataRows = 0;
        RawClient.Msg m;
        do {
            m = c.read();
            if (m.type() == 'D') {
                dataRows++;
            }
        } while (m.type() != 'Z');
        assertEquals(rows, dataRows);
    }

    private static Thread connectionThread() {
        for (final Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("stratum-pg-") && !t.getName().endsWith("acceptor") && t.isAlive()) {
                return t;
            }
        }
        throw new AssertionError("no connection thread");
    }
}
