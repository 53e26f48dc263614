package io.stratum.engine.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class PageServiceTest {
    static final TenantId TENANT = TenantId.parse("11111111111111111111111111111111");
    static final TimelineId TIMELINE = TimelineId.parse("22222222222222222222222222222222");
    static final TimelineId MISSING = TimelineId.parse("33333333333333333333333333333333");

    /** Pages whose bytes are a function of (key, lsn); one relation per database; MISSING timeline is NOT_FOUND. */
    static class FakeBackend implements PageServiceBackend {
        final AtomicInteger calls = new AtomicInteger();

        private static void check(final TimelineId timeline) {
            if (timeline.equals(MISSING)) {
                throw StratumException.of(ErrorCode.NOT_FOUND, "no such timeline", "timeline", timeline);
            }
        }

        static void fill(final long keyHi, final long keyLo, final long lsn, final MutableDirectBuffer dst, final int off) {
            dst.putLong(off, keyHi, ByteOrder.BIG_ENDIAN);
            dst.putLong(off + 8, keyLo, ByteOrder.BIG_ENDIAN);
            dst.putLong(off + 16, lsn, ByteOrder.BIG_ENDIAN);
            dst.setMemory(off + 24, 8192 - 24, (byte) (keyLo * 31 + lsn));
        }

        @Override
        public void getPage(final TenantId tenant, final TimelineId timeline, final long keyHi, final long keyLo,
                            final long lsn, final MutableDirectBuffer dst, final int offset) {
            calls.incrementAndGet();
            check(timeline);
            fill(keyHi, keyLo, lsn, dst, offset);
        }

        @Override
        public long relationSize(final TenantId tenant, final TimelineId timeline, final int database,
                                 final int relation, final int fork, final long lsn) {
            check(timeline);
            return relation == 1 ? database * 10L + fork : -1;
        }

        @Override
        public long waitForLsn(final TenantId tenant, final TimelineId timeline, final long lsn, final long timeoutMillis) {
            check(timeline);
            if (lsn > 1000) {
                throw StratumException.of(ErrorCode.TIMEOUT, "LSN not ingested in time", "lsn", lsn);
            }
            return 1000;
        }
    }

    private static PageService start(final int maxConnections) {
        return PageService.start(PageServiceConfig.builder().port(0).maxConnections(maxConnections).build(),
            new FakeBackend());
    }

    private static void assertPage(final long keyHi, final long keyLo, final long lsn, final UnsafeBuffer got,
                                   final int off) {
        final UnsafeBuffer want = new UnsafeBuffer(new byte[8192]);
        FakeBackend.fill(keyHi, keyLo, lsn, want, 0);
        for (int i = 0; i < 8192; i++) {
            if (want.getByte(i) != got.getByte(off + i)) {
                throw new AssertionError("page differs at byte " + i + " for key " + keyLo + " lsn " + lsn);
            }
        }
    }

    @Test
    void answersEveryRequestType() {
        try (PageService s = start(16); PageClient c = pageClient(s.port(), 1, 10_000)) {
            final UnsafeBuffer page = new UnsafeBuffer(new byte[8192 * 3]);
            c.getPage(TENANT, TIMELINE, 7, 42, 0x1000000, page, 0);
            assertPage(7, 42, 0x1000000, page, 0);
            c.getPages(TENANT, TIMELINE, 99, new long[] {1, 2, 1, 3, 1, 4}, 3, page, 0);
            for (int i = 0; i < 3; i++) {
                assertPage(1, 2 + i, 99, page, i * 8192);
            }
            assertEquals(31, c.relationSize(TENANT, TIMELINE, 3, 1, 1, 5));
            assertEquals(-1, c.relationSize(TENANT, TIMELINE, 3, 2, 0, 5));
            assertTrue(c.relationExists(TENANT, TIMELINE, 3, 1, 0, 5));
            assertFalse(c.relationExists(TENANT, TIMELINE, 3, 2, 0, 5));
            assertEquals(1000, c.waitForLsn(TENANT, TIMELINE, 500, 100));
            assertEquals(7, s.requestCount());
        }
    }

    @Test
    void errorsCarryTheirCodeAndMessageAndKeepTheConnection() {
        try (PageService s = start(16); PageClient c = pageClient(s.port(), 1, 10_000)) {
            final UnsafeBuffer page = new UnsafeBuffer(new byte[8192]);
            final StratumException e = assertThrows(StratumException.class,
                () -> c.getPage(TENANT, MISSING, 1, 1, 1, page, 0));
            assertEquals(ErrorCode.NOT_FOUND, e.code());
            assertTrue(e.getMessage().contains(MISSING.toString()), e.getMessage());
            assertEquals(ErrorCode.TIMEOUT,
                assertThrows(StratumException.class, () -> c.waitForLsn(TENANT, TIMELINE, 5000, 10)).code());
            c.getPage(TENANT, TIMELINE, 1, 1, 1, page, 0);
            assertPage(1, 1, 1, page, 0);
            assertEquals(2, s.errorCount());
        }
    }

    @Test
    void pipelinesManyThreadsOverFewConnections() throws Exception {
        try (PageService s = start(16); PageClient c = pageClient(s.port(), 2, 30_000)) {
            final List<Thread> threads = new ArrayList<>();
            final List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 8; t++) {
                final int id = t;
                final Thread th = new Thread(() -> {
                    final UnsafeBuffer page = new UnsafeBuffer(new byte[8192]);
                    try {
                        for (int i = 0; i < 300; i++) {
                            c.getPage(TENANT, TIMELINE, id, i, i * 7L + id, page, 0);
                            assertPage(id, i, i * 7L + id, page, 0);
                        }
                    } catch (final Throwable e) {
                        failures.add(e);
                    }
                });
                th.start();
                threads.add(th);
            }
            for (final Thread th : threads) {
                th.join();
            }
            assertTrue(failures.isEmpty(), () -> failures.get(0).toString());
            assertEquals(2400, s.pageCount());
        }
    }

    /** A backend whose page 666 waits until released (counting down {@code entered} first). */
    private static PageServiceBackend held(final java.util.concurrent.CountDownLatch entered,
                                           final java.util.concurrent.CountDownLatch release) {
        return new FakeBackend() {
            @Override
            public void getPage(final TenantId tenant, final TimelineId timeline, final long keyHi, final long keyLo,
                                final long lsn, final MutableDirectBuffer dst, final int offset) {
                if (keyLo == 666) {
                    entered.countDown();
                    try {
                        release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (final InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                super.getPage(tenant, timeline, keyHi, keyLo, lsn, dst, offset);
            }
        };
    }

    /**
     * The late answer is read while the caller times out: the reader thread is held at the call's monitor
     * (the test holds it) with the answer in hand, the caller's await times out, and only then may the
     * reader go on. Without the cancellation check it writes the page into the caller's buffer.
     */
    @Test
    void aTimedOutCallNeverWritesIntoTheCallersBuffer() throws Exception {
        final java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (PageService s = PageService.start(PageServiceConfig.builder().port(0).build(), held(entered, release));
             ClientConnection c = new ClientConnection(PageClientConfig.builder("127.0.0.1", s.port())
                 .maxInFlight(16).build(), 777)) {
            final UnsafeBuffer page = new UnsafeBuffer(new byte[8192]);
            final ClientConnection.Call call;
            synchronized (c) {
                final UnsafeBuffer b = c.begin(TENANT, TIMELINE, 1);
                b.putLong(ClientConnection.argsOffset(), 1, java.nio.ByteOrder.BIG_ENDIAN);
                b.putLong(ClientConnection.argsOffset() + 8, 666, java.nio.ByteOrder.BIG_ENDIAN);
                call = c.send(PageProtocol.GET_PAGE, 16, 1, page, 0, 5_000);
            }
            assertTrue(entered.await(10, java.util.concurrent.TimeUnit.SECONDS));
            final Thread reader = thread("stratum-pageclient-777");
            synchronized (call) {
                release.countDown();
                awaitTrue(() -> reader.getState() == Thread.State.BLOCKED && inComplete(reader),
                    "the reader holds the late answer and waits for the call");
                assertEquals(ErrorCode.TIMEOUT, assertThrows(StratumException.class, () -> c.await(call, 0)).code());
            }
            reader.join(10_000);
            assertFalse(reader.isAlive(), "the reader ends with the dropped connection");
            for (int i = 0; i < 8192; i++) {
                assertEquals(0, page.getByte(i), "the late answer was written into the buffer at byte " + i);
            }
        }
    }

    private static Thread thread(final String name) {
        for (final Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no thread " + name);
    }

    private static boolean inComplete(final Thread t) {
        for (final StackTraceElement e : t.getStackTrace()) {
            if (e.getMethodName().equals("complete")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aTimedOutCallDropsTheConnectionAndTheNextCallReconnects() throws Exception {
        final java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (PageService s = PageService.start(PageServiceConfig.builder().port(0).build(), held(entered, release));
             PageClient c = pageClient(s.port(), 1, 100)) {
            final UnsafeBuffer page = new UnsafeBuffer(new byte[8192]);
            assertEquals(ErrorCode.TIMEOUT,
                assertThrows(StratumException.class, () -> c.getPage(TENANT, TIMELINE, 1, 666, 1, page, 0)).code());
            assertTrue(entered.await(10, java.util.concurrent.TimeUnit.SECONDS));
            release.countDown();
            c.getPage(TENANT, TIMELINE, 1, 2, 3, page, 0); // a new connection replaces the dropped one
            assertPage(1, 2, 3, page, 0);
        }
    }

    @Test
    void oversizedBatchesAndSmallBuffersAreRefusedCleanly() {
        try (PageService s = PageService.start(PageServiceConfig.builder().port(0).maxBatch(4).build(), new FakeBackend());
             PageClient c = pageClient(s.port(), 1, 10_000)) {
            final UnsafeBuffer pages = new UnsafeBuffer(new byte[8192 * 8]);
            final long[] keys = new long[16];
            assertEquals(ErrorCode.LIMIT_EXCEEDED,
                assertThrows(StratumException.class, () -> c.getPages(TENANT, TIMELINE, 1, keys, 8, pages, 0)).code());
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(StratumException.class,
                () -> c.getPage(TENANT, TIMELINE, 1, 1, 1, new UnsafeBuffer(new byte[100]), 0)).code());
            c.getPages(TENANT, TIMELINE, 1, new long[] {1, 5, 1, 6}, 2, pages, 0);
            assertPage(1, 6, 1, pages, 8192);
            assertEquals(0, s.droppedConnectionCount(), "the connection survives both");
        }
    }

    @Test
    void refusesConnectionsBeyondTheLimit() throws Exception {
        try (PageService s = start(1); PageClient first = pageClient(s.port(), 1, 5_000)) {
            final UnsafeBuffer page = new UnsafeBuffer(new byte[8192]);
            first.getPage(TENANT, TIMELINE, 1, 1, 1, page, 0);
            assertThrows(StratumException.class, () -> {
                try (PageClient second = pageClient(s.port(), 1, 5_000)) {
                    second.getPage(TENANT, TIMELINE, 1, 1, 1, page, 0);
                }
            });
            first.getPage(TENANT, TIMELINE, 1, 2, 1, page, 0);
        }
    }

    @Test
    void aClientSurvivesTheServerRestartingByReconnecting() {
        final PageService s = start(16);
        final int port = s.port();
        try (PageClient c = pageClient(port, 1, 5_000)) {
            final UnsafeBuffer page = new UnsafeBuffer(new byte[8192]);
            c.getPage(TENANT, TIMELINE, 1, 1, 1, page, 0);
            s.close();
            assertEquals(ErrorCode.UNAVAILABLE,
                assertThrows(StratumException.class, () -> c.getPage(TENANT, TIMELINE, 1, 1, 1, page, 0)).code());
            try (PageService again = PageService.start(PageServiceConfig.builder().port(port).build(), new FakeBackend())) {
                c.getPage(TENANT, TIMELINE, 1, 9, 1, page, 0);
                assertPage(1, 9, 1, page, 0);
            }
        }
    }

    /** Random bytes after a good or bad handshake: the server closes that connection only and leaks no thread. */
    @Property(tries = 150)
    void garbageNeverHurtsTheServer(@ForAll @Size(max = 200) final byte[] garbage, @ForAll final boolean goodHandshake,
                                    @ForAll final boolean frameLengthPrefix) throws Exception {
        try (PageService s = start(8)) {
            try (Socket raw = new Socket("127.0.0.1", s.port())) {
                raw.setSoTimeout(5_000);
                final OutputStream out = raw.getOutputStream();
                if (goodHandshake) {
                    final UnsafeBuffer hello = new UnsafeBuffer(new byte[8]);
                    hello.putInt(0, PageProtocol.MAGIC, ByteOrder.BIG_ENDIAN);
                    hello.putShort(4, (short) PageProtocol.VERSION, ByteOrder.BIG_ENDIAN);
                    out.write(hello.byteArray());
                    new DataInputStream(raw.getInputStream()).readFully(new byte[12]);
                }
                if (frameLengthPrefix) {
                    final UnsafeBuffer len = new UnsafeBuffer(new byte[4]);
                    len.putInt(0, garbage.length, ByteOrder.BIG_ENDIAN);
                    out.write(len.byteArray());
                }
                out.write(garbage);
                out.flush();
                raw.shutdownOutput();
                // drain whatever the server says until it closes
                final byte[] sink = new byte[65536];
                try {
                    while (raw.getInputStream().read(sink) >= 0) {
                        // keep reading
                    }
                } catch (final IOException e) {
                    // reset by peer is fine
                }
            }
            awaitTrue(() -> s.connectionCount() == 0, "connection thread did not end");
            try (PageClient c = pageClient(s.port(), 1, 5_000)) {
                final UnsafeBuffer page = new UnsafeBuffer(new byte[8192]);
                c.getPage(TENANT, TIMELINE, 3, 4, 5, page, 0);
                assertPage(3, 4, 5, page, 0);
            }
        }
    }

    private static void awaitTrue(final BooleanSupplier condition, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }

    /** A page client of the service on loopback {@code port}. */
    static PageClient pageClient(final int port, final int connections, final long timeoutMillis) {
        return PageClient.connect(PageClientConfig.builder("127.0.0.1", port).connections(connections)
            .requestTimeout(Duration.ofMillis(timeoutMillis)).build());
    }
}
