package io.stratum.wal;

import static io.stratum.wal.WalTestSupport.append;
import static io.stratum.wal.WalTestSupport.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.io.FileIo;
import io.stratum.wal.io.ForwardingFileIo;
import io.stratum.wal.io.IoFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A flush fsyncs without the flush lock: appends and {@code writeOut} (on a WAL node, threads holding
 * the Raft log's lock) go on while the disk syncs; the durable mark follows the syncs.
 */
class WalSyncOutsideLockTest {
    private static final long SEGMENT = 64 << 10;
    private Path dir;
    private ExecutorService pool;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("wal-sync");
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "test threads stopped");
        WalTestSupport.deleteTree(dir);
    }

    /** Holds the first armed fsync of a segment file until released. */
    private static final class HeldSync extends ForwardingFileIo {
        final AtomicBoolean armed = new AtomicBoolean();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        HeldSync() {
            super(FileIo.real());
        }

        @Override
        public IoFile open(final Path path, final boolean create) throws IOException {
            final IoFile f = super.open(path, create);
            if (!path.getFileName().toString().endsWith(".seg")) {
                return f;
            }
            return new ForwardingIoFile(f) {
                @Override
                public void force() throws IOException {
                    if (armed.compareAndSet(true, false)) {
                        entered.countDown();
                        try {
                            if (!release.await(30, TimeUnit.SECONDS)) {
                                throw new IOException("held fsync never released");
                            }
                        } catch (final InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IOException("interrupted", e);
                        }
                    }
                    super.force();
                }
            };
        }
    }

    @Test
    void appendsAndWriteOutsGoOnWhileASyncIsRunning() throws Exception {
        final HeldSync io = new HeldSync();
        try (WalLog log = WalLog.open(WalConfig.builder(dir).segmentSize(SEGMENT).maxRecordLength(16 << 10)
            .writeBufferSize(32 << 10).fileIo(io).build())) {
            final long first = append(log, record(1, 3000, 1));
            io.armed.set(true);
            final Future<Long> flusher = pool.submit(() -> log.flush(first));
            assertTrue(io.entered.await(30, TimeUnit.SECONDS), "the flush reached its fsync");
            final long second;
            try {
                // with the fsync held under the flush lock, this writeOut would wait for it: the bounded
                // wait turns that into a failure instead of a hung test
                final Future<Long> writer = pool.submit(() -> {
                    final long end = append(log, record(2, 5000, 2));
                    return log.writeOut(end);
                });
                second = writer.get(20, TimeUnit.SECONDS);
                assertEquals(log.endLsn(), second, "the second record was handed to the OS during the sync");
                assertTrue(log.flushedLsn() < first, "the held sync has not published yet: " + log.flushedLsn());
            } finally {
                io.release.countDown();
            }
            assertEquals(first, (long) flusher.get(30, TimeUnit.SECONDS));
            assertEquals(second, log.flush());
        }
        try (WalLog reopened = WalLog.open(WalConfig.builder(dir).segmentSize(SEGMENT).maxRecordLength(16 << 10)
            .writeBufferSize(32 << 10).build())) {
            assertEquals(2, WalTestSupport.readAll(reopened).size());
        }
    }

    @Test
    void theDurableMarkMovesWithTheFirstSyncAfterASegmentSwitch() {
        try (WalLog log = WalLog.open(WalConfig.builder(dir).segmentSize(SEGMENT).maxRecordLength(16 << 10)
            .writeBufferSize(32 << 10).build())) {
            final long begin = log.endLsn();
            final long markBefore = WalMeta.read(FileIo.real(), dir).durableMark();
            assertTrue(markBefore <= begin, "mark " + markBefore + " at most the start " + begin);
            int i = 0;
            while (log.endLsn() < (begin & -SEGMENT) + 2 * SEGMENT + 100) {
                append(log, record(i++, 4000, 1));
                log.writeOut(log.endLsn());
            }
            final long segStart = log.endLsn() & -SEGMENT;
            assertEquals(markBefore, WalMeta.read(FileIo.real(), dir).durableMark(),
                "handing bytes to the OS makes nothing durable, so the mark stays");
            log.flush();
            assertEquals(segStart, WalMeta.read(FileIo.real(), dir).durableMark(),
                "after the sync everything below the segment being written is durable");
        }
    }
}
