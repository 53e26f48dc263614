package io.stratum.engine.service;

import static io.stratum.engine.service.PageProtocol.*;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Client of the page service (whose server side, {@code PageService}, is in stratum-pageserver): a fixed
 * set of connections used round robin, each shared by any number of threads with requests pipelined on it.
 * A broken connection is replaced on next use. Configured by {@link PageClientConfig}.
 * Thread-safe. Threads: one reader per connection ({@code stratum-pageclient-N}), stopped by {@link #close()}.
 */
public final class PageClient implements AutoCloseable {
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    private final PageClientConfig config;
    private final long timeoutMillis;
    private final ClientConnection[] connections;
    private final Object[] slotLocks;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean closed;

    private PageClient(final PageClientConfig config) {
        this.config = config;
        this.timeoutMillis = config.requestTimeout().toMillis();
        this.connections = new ClientConnection[config.connections()];
        this.slotLocks = new Object[config.connections()];
        for (int i = 0; i < slotLocks.length; i++) {
            slotLocks[i] = new Object();
        }
    }

    /**
     * Connects {@code connections} sockets to {@code host:port}, with the other settings at their defaults
     * except a batch limit of 4096 pages.
     *
     * @param timeoutMillis how long a request may wait for its answer (beyond any WAIT_LSN timeout)
     * @deprecated use {@link #connect(PageClientConfig)}; kept while compute/ and cluster/ callers move over
     */
    @Deprecated
    public static PageClient connect(final String host, final int port, final int connections,
                                     final long timeoutMillis) {
        return connect(PageClientConfig.builder(host, port).connections(connections)
            .requestTimeout(java.time.Duration.ofMillis(Math.max(1, timeoutMillis))).maxBatch(4096).build());
    }

    /** Connects {@code config.connections()} sockets to the page service. */
    public static PageClient connect(final PageClientConfig config) {
        final PageClient c = new PageClient(config.validate());
        try {
            for (int i = 0; i < c.connections.length; i++) {
                c.connections[i] = new ClientConnection(config, i);
            }
        } catch (final RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    public PageClientConfig config() {
        return config;
    }

    /** Copies the page of the key as of {@code lsn} into {@code dst} at {@code offset} (8192 bytes). */
    public void getPage(final TenantId tenant, final TimelineId timeline, final long keyHi, final long keyLo,
                        final long lsn, final MutableDirectBuffer dst, final int offset) {
        checkRoom(dst, offset, 1);
        final ClientConnection c = connection();
        final ClientConnection.Call call;
        synchronized (c) {
            final UnsafeBuffer s = c.begin(tenant, timeline, lsn);
            final int a = ClientConnection.argsOffset();
            s.putLong(a, keyHi, BE);
            s.putLong(a + 8, keyLo, BE);
            call = c.send(GET_PAGE, 16, 1, dst, offset, timeoutMillis);
        }
        c.await(call, timeoutMillis);
    }

    /**
     * Fetches {@code count} pages in one request; {@code keys} holds (hi, lo) pairs. Pages land in
     * {@code dst} at {@code offset}, 8192 bytes apart, in key order.
     */
    public void getPages(final TenantId tenant, final TimelineId timeline, final long lsn, final long[] keys,
                         final int count, final MutableDirectBuffer dst, final int offset) {
        if (count < 1 || count > config.maxBatch() || keys.length < 2 * count) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "bad batch size", "count", count);
        }
        checkRoom(dst, offset, count);
        final ClientConnection c = connection();
        if (HEADER + 4L + (long) count * PAGE_SIZE > c.maxFrame()) {
            throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "batch larger than the page server's frame limit",
                "count", count, "maxFrame", c.maxFrame());
        }
        final ClientConnection.Call call;
        synchronized (c) {
            final UnsafeBuffer s = c.begin(tenant, timeline, lsn);
            final int a = ClientConnection.argsOffset();
            s.putInt(a, count, BE);
            for (int i = 0; i < count; i++) {
                s.putLong(a + 4 + i * 16, keys[2 * i], BE);
                s.putLong(a + 12 + i * 16, keys[2 * i + 1], BE);
            }
            call = c.send(GET_PAGES, 4 + count * 16, count, dst, offset, timeoutMillis);
        }
        c.await(call, timeoutMillis);
    }

    /** Blocks of a relation fork as of {@code lsn}, or -1 when it does not exist. */
    public long relationSize(final TenantId tenant, final TimelineId timeline, final int database,
                             final int relation, final int fork, final long lsn) {
        return relCall(REL_SIZE, tenant, timeline, database, relation, fork, lsn);
    }

    public boolean relationExists(final TenantId tenant, final TimelineId timeline, final int database,
                                  final int relation, final int fork, final long lsn) {
        return relCall(REL_EXISTS, tenant, timeline, database, relation, fork, lsn) != 0;
    }

    private long relCall(final byte type, final TenantId tenant, final TimelineId timeline, final int database,
                         final int relation, final int fork, final long lsn) {
        final ClientConnection c = connection();
        final ClientConnection.Call call;
        synchronized (c) {
            final UnsafeBuffer s = c.begin(tenant, timeline, lsn);
            final int a = ClientConnection.argsOffset();
            s.putInt(a, database, BE);
            s.putInt(a + 4, relation, BE);
            s.putInt(a + 8, fork, BE);
            call = c.send(type, 12, 0, null, 0, timeoutMillis);
        }
        return c.await(call, timeoutMillis);
    }

    /** Waits until the page server has ingested {@code lsn} (at most {@code waitMillis}); returns its last LSN. */
    public long waitForLsn(final TenantId tenant, final TimelineId timeline, final long lsn, final long waitMillis) {
        final ClientConnection c = connection();
        final ClientConnection.Call call;
        synchronized (c) {
            c.begin(tenant, timeline, lsn).putLong(ClientConnection.argsOffset(), waitMillis, BE);
            call = c.send(WAIT_LSN, 8, 0, null, 0, timeoutMillis);
        }
        return c.await(call, timeoutMillis + waitMillis);
    }

    private static void checkRoom(final MutableDirectBuffer dst, final int offset, final int pages) {
        if (offset < 0 || (long) offset + (long) pages * PAGE_SIZE > dst.capacity()) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "destination buffer too small", "pages", pages,
                "offset", offset, "capacity", dst.capacity());
        }
    }

    private ClientConnection connection() {
        if (closed) {
            throw StratumException.of(ErrorCode.CLOSED, "page client closed", "address",
                config.host() + ":" + config.port());
        }
        final int i = Math.floorMod(next.getAndIncrement(), connections.length);
        ClientConnection c = connections[i];
        if (c.isBroken()) {
            synchronized (slotLocks[i]) { // only callers of this slot wait for its reconnect
                c = connections[i];
                if (c.isBroken()) {
                    c.close();
                    c = new ClientConnection(config, i);
                    connections[i] = c;
                }
            }
        }
        return c;
    }

    @Override
    public void close() {
        closed = true;
        for (int i = 0; i < connections.length; i++) {
            synchronized (slotLocks[i]) {
                if (connections[i] != null) {
                    connections[i].close();
                }
            }
        }
    }
}
