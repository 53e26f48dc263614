package io.stratum.wal.local;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalBatchHandler;
import io.stratum.wal.WalConfig;
import io.stratum.wal.WalLog;
import io.stratum.wal.WalReader;
import io.stratum.wal.WalSink;
import io.stratum.wal.WalSource;
import io.stratum.wal.WalStream;
import io.stratum.wal.codec.WalRecordDecoder;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A WAL service of one node, without replication: a {@link WalLog} per timeline under
 * {@code DIR/TENANT/TIMELINE/}, served as a {@link WalSource} and written through {@link WalSink}s.
 * For embedding the engine without the Raft WAL service, and for tests. Thread-safe; starts no thread.
 * Retention: {@link #reportPersisted} truncates below the persisted LSN.
 */
public final class LocalWalService implements WalSource, AutoCloseable {
    private final Path dir;
    private final WalConfig template;
    private final Map<String, Entry> logs = new HashMap<>();

    private static final class Entry {
        final WalLog log;
        final Object flushed = new Object();

        Entry(final WalLog log) {
            this.log = log;
        }
    }

    /**
     * @param dir where the logs live
     * @param segmentSize bytes per segment file
     */
    public LocalWalService(final Path dir, final long segmentSize) {
        this(WalConfig.builder(dir).segmentSize(segmentSize).build());
    }

    /**
     * @param template the logs' root directory ({@code dir}) and the settings of every timeline's log
     *     (segment size, record limit, write buffer, preallocation, file facade); each log's start LSN is
     *     the one given to {@link #createTimeline}
     */
    public LocalWalService(final WalConfig template) {
        this.template = template.validate();
        this.dir = template.dir();
    }

    private static String key(final TenantId tenant, final TimelineId timeline) {
        return tenant + "/" + timeline;
    }

    /** Creates (or reopens) the log of a timeline; a new one begins at {@code startLsn}. */
    public synchronized void createTimeline(final TenantId tenant, final TimelineId timeline, final long startLsn) {
        final String k = key(tenant, timeline);
        if (!logs.containsKey(k)) {
            final WalConfig c = template;
            logs.put(k, new Entry(WalLog.open(new WalConfig(dir.resolve(tenant.toString()).resolve(timeline.toString()),
                c.segmentSize(), c.maxRecordLength(), c.writeBufferSize(), startLsn, c.preallocate(), c.fileIo(),
                c.preallocator()))));
        }
    }

    private synchronized Entry entry(final TenantId tenant, final TimelineId timeline) {
        final Entry e = logs.get(key(tenant, timeline));
        if (e == null) {
            throw StratumException.of(ErrorCode.NOT_FOUND, "no such timeline in the local WAL service",
                "tenant", tenant, "timeline", timeline);
        }
        return e;
    }

    /** The log of a timeline (for inspection). */
    public WalLog log(final TenantId tenant, final TimelineId timeline) {
        return entry(tenant, timeline).log;
    }

    /** A writer of a timeline: appends at its end and flushes before completing. */
    public WalSink writer(final TenantId tenant, final TimelineId timeline) {
        final Entry e = entry(tenant, timeline);
        return new WalSink() {
            @Override
            public CompletableFuture<Long> append(final long startLsn, final DirectBuffer buffer, final int offset,
                                                  final int length) {
                try {
                    final long end = e.log.appendAt(startLsn, buffer, offset, length);
                    e.log.flush(end);
                    synchronized (e.flushed) {
                        e.flushed.notifyAll();
                    }
                    return CompletableFuture.completedFuture(end);
                } catch (final StratumException ex) {
                    return CompletableFuture.failedFuture(ex);
                }
            }

            @Override
            public long endLsn() {
                return e.log.endLsn();
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }

    @Override
    public WalStream stream(final TenantId tenant, final TimelineId timeline, final long startLsn) {
        final Entry e = entry(tenant, timeline);
        final WalReader reader = e.log.reader(startLsn);
        final UnsafeBuffer batch = new UnsafeBuffer(ByteBuffer.allocateDirect(
            Math.max(256 << 10, 2 * e.log.config().maxRecordLength())));
        return new WalStream() {
            private long position = startLsn;
            private boolean pendingRecord;

            private boolean closed; // guarded by this

            // synchronized with close(), which frees the reader's and the batch's direct memory
            @Override
            public synchronized int poll(final WalBatchHandler handler, final long timeoutNanos) {
                if (closed) {
                    throw StratumException.of(ErrorCode.CLOSED, "WAL stream is closed", "timeline", timeline);
                }
                final long deadline = System.nanoTime() + timeoutNanos;
                synchronized (e.flushed) {
                    while (e.log.flushedLsn() <= position && !pendingRecord) {
                        final long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return 0;
                        }
                        try {
                            e.flushed.wait(Math.max(1, left / 1_000_000L));
                        } catch (final InterruptedException ex) {
                            Thread.currentThread().interrupt();
                            return 0;
                        }
                    }
                }
                int len = 0;
                final long start = position;
                while (true) {
                    if (!pendingRecord && !reader.next()) {
                        break;
                    }
                    final WalRecordDecoder r = reader.record();
                    if (len + r.length() > batch.capacity()) {
                        pendingRecord = true;
                        break;
                    }
                    pendingRecord = false;
                    batch.putBytes(len, r.buffer(), r.offset(), r.length());
                    len += r.length();
                    position = reader.endLsn();
                }
                if (len > 0) {
                    handler.onBatch(start, batch, 0, len);
                }
                return len;
            }

            @Override
            public long position() {
                return position;
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    reader.close();
                    org.agrona.BufferUtil.free(batch.byteBuffer());
                }
            }
        };
    }

    @Override
    public void reportPersisted(final TenantId tenant, final TimelineId timeline, final long persistedLsn) {
        final WalLog log = entry(tenant, timeline).log;
        final long target = Math.min(persistedLsn, log.flushedLsn());
        if (target > log.beginLsn()) {
            try {
                log.truncateBelow(target);
            } catch (final StratumException ex) {
                if (ex.code() != ErrorCode.INVALID_ARGUMENT) {
                    throw ex;
                }
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "persisted LSN is not a record boundary",
                    "lsn", Lsn.format(persistedLsn));
            }
        }
    }

    @Override
    public synchronized void close() {
        for (final Entry e : logs.values()) {
            e.log.close();
        }
        logs.clear();
    }
}
