package io.stratum.compute;

import io.stratum.compute.session.SqlException;
import io.stratum.engine.service.PageClient;
import io.stratum.mvcc.MvccConfig;
import io.stratum.mvcc.MvccStore;
import io.stratum.mvcc.RemotePageSource;
import io.stratum.mvcc.SinkWalWriter;
import io.stratum.raft.WalClient;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The branches a compute has open, by database name: {@code main} and {@code dev} are read-write stores
 * (this compute is the writer of their timelines: opening one fences any earlier writer), {@code main@LSN}
 * and {@code main@TIME} are read-only stores at a fixed LSN, kept in a small LRU. Thread-safe (one lock;
 * opening a store is rare and may wait for the page server).
 */
final class Databases implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Databases.class);
    /** Read-only stores kept open when unused. */
    static final int KEEP_READ_ONLY = 8;
    /**
     * Read-write stores kept open when unused (each holds a buffer pool; a branch is cheap, so a compute may
     * see many): past it the least recently used idle one is closed, its WAL being durable already.
     */
    static final int KEEP_WRITABLE = 4;
    /** Read-only stores open at once, in use or not; past it a new point-in-time session is refused (53000). */
    static final int MAX_READ_ONLY = 32;
    /**
     * How long opening {@code branch@LSN} waits for the page server to ingest up to an LSN the WAL service
     * has committed (it streams the WAL asynchronously, so a read right after a commit may be a little ahead
     * of it; after a page-server restart it may be seconds behind).
     */
    static final long INGEST_WAIT_MILLIS = 10_000;

    /**
     * One open branch, the number of sessions using it and those sessions; a retired database (its branch
     * moved) is no longer found by name and closes when its last session ends.
     */
    record Database(String name, TimelineId timeline, boolean readOnly, MvccStore store, SinkWalWriter wal,
                    WalSink sink, java.util.concurrent.atomic.AtomicInteger sessions,
                    java.util.Set<CountedSession> open, java.util.concurrent.atomic.AtomicBoolean retired) {
        Database(final String name, final TimelineId timeline, final boolean readOnly, final MvccStore store,
                 final SinkWalWriter wal, final WalSink sink, final java.util.concurrent.atomic.AtomicInteger sessions) {
            this(name, timeline, readOnly, store, wal, sink, sessions, new java.util.HashSet<>(),
                new java.util.concurrent.atomic.AtomicBoolean());
        }
    }

    private final ComputeConfig config;
    private final PageClient pages;
    private final WalClient walClient;
    /** Appends held back for the page server's ingest, all branches (the compute's metrics). */
    final IngestBackpressure.Stats backpressure = new IngestBackpressure.Stats();
    private final LinkedHashMap<String, Database> writable = new LinkedHashMap<>(16, 0.75f, true);
    private final LinkedHashMap<String, Database> readOnly = new LinkedHashMap<>(16, 0.75f, true);
    /** Retired databases whose sessions have not all ended yet. */
    private final List<Database> retiring = new ArrayList<>();
    private boolean closed;
    private java.util.function.Consumer<MvccStore> onClose = s -> { };
    private java.util.function.Consumer<MvccStore> onOpen;

    Databases(final ComputeConfig config, final PageClient pages, final WalClient walClient) {
        this.config = config;
        this.pages = pages;
        this.walClient = walClient;
        config.branches().onBranchMoved(this::terminate);
        config.branches().onDurableLsn(this::durableLsn);
    }

    /** Called with each read-write store as it is opened (the compute's metrics observe its commits). */
    synchronized void onOpen(final java.util.function.Consumer<MvccStore> listener) {
        onOpen = listener;
    }

    /** Called with each store as it is closed (the SQL engine drops its catalog cache). */
    synchronized void onClose(final java.util.function.Consumer<MvccStore> listener) {
        onClose = listener;
    }

    /**
     * A session on database {@code name}, made by {@code open}; the store stays open while the session is.
     */
    io.stratum.compute.session.Session session(final String name,
                                               final java.util.function.Function<Database, io.stratum.compute.session.Session> open) {
        final Database d;
        try {
            final Point point = awaitPoint(name);
            synchronized (this) {
                d = open(name, point);
                d.sessions().incrementAndGet();
            }
        } catch (final StratumException e) {
            throw unavailable(name, e);
        }
        final CountedSession[] self = new CountedSession[1];
        try {
            final long t0 = System.nanoTime();
            self[0] = new CountedSession(open.apply(d), () -> release(d, self[0]));
            if (LOG.isDebugEnabled()) {
                LOG.debug("session on {}: {} us", name, (System.nanoTime() - t0) / 1000);
            }
        } catch (final StratumException e) {
            release(d, null);
            throw unavailable(name, e);
        } catch (final RuntimeException e) {
            release(d, null);
            throw e;
        }
        synchronized (this) {
            if (d.retired().get()) {
                self[0].terminate("branch \"" + d.name() + "\" was moved while this session started");
            }
            d.open().add(self[0]);
        }
        return self[0];
    }

    /**
     * A page server or WAL service that cannot be reached while a session starts refuses it with 57P03
     * (cannot_connect_now: try again), not XX000 (found by {@code stratum chaos --minutes 10 --seed 1}).
     */
    private static RuntimeException unavailable(final String name, final StratumException e) {
        return switch (e.code()) {
            case IO_ERROR, UNAVAILABLE, TIMEOUT -> new SqlException("57P03", "cannot open \"" + name
                + "\" now: storage is unavailable", e.getMessage(), "Try again.", 0, e);
            default -> e;
        };
    }

    private synchronized void release(final Database d, final CountedSession s) {
        if (s != null) {
            d.open().remove(s);
        }
        if (d.sessions().decrementAndGet() == 0 && d.retired().get()) {
            if (retiring.remove(d)) {
                closeStore(d);
            }
        } else if (d.readOnly()) {
            trimReadOnly(KEEP_READ_ONLY);
        } else {
            trimWritable(KEEP_WRITABLE);
        }
    }

    private void trimWritable(final int keep) {
        final java.util.Iterator<Map.Entry<String, Database>> it = writable.entrySet().iterator();
        while (writable.size() > keep && it.hasNext()) {
            final Database d = it.next().getValue();
            if (d.sessions().get() == 0) {
                it.remove();
                closeStore(d);
            }
        }
    }

    /**
     * Branch {@code branch} now names another timeline (or none): its read-write database and its
     * {@code branch@...} databases are forgotten, their sessions terminated (57P01 on their next request) and
     * their stores closed once the last session ends. The next session on the name opens what it names now.
     *
     * @return the number of sessions terminated
     */
    synchronized int terminate(final String branch) {
        final List<Database> gone = new ArrayList<>();
        final Database w = writable.remove(branch);
        if (w != null) {
            gone.add(w);
        }
        final java.util.Iterator<Map.Entry<String, Database>> it = readOnly.entrySet().iterator();
        while (it.hasNext()) {
            final Map.Entry<String, Database> e = it.next();
            if (e.getKey().startsWith(branch + "@")) {
                gone.add(e.getValue());
                it.remove();
            }
        }
        int n = 0;
        for (final Database d : gone) {
            n += retire(d, "branch \"" + branch + "\" was reset, restored or deleted");
        }
        return n;
    }

    /** Terminates the sessions of {@code d} (already forgotten by name) and closes it once the last one ends. */
    private int retire(final Database d, final String why) {
        d.retired().set(true);
        int n = 0;
        for (final CountedSession s : d.open()) {
            s.terminate(why);
            n++;
        }
        if (d.sessions().get() == 0) {
            closeStore(d);
        } else {
            retiring.add(d);
        }
        return n;
    }

    private void trimReadOnly(final int keep) {
        final java.util.Iterator<Map.Entry<String, Database>> it = readOnly.entrySet().iterator();
        while (readOnly.size() > keep && it.hasNext()) {
            final Database d = it.next().getValue();
            if (d.sessions().get() == 0) {
                it.remove();
                closeStore(d);
            }
        }
    }

    private void closeStore(final Database d) {
        onClose.accept(d.store());
        d.store().close();
        if (d.wal() != null) {
            d.wal().close();
            d.sink().close(); // after the writer has drained into it
        }
    }

    /**
     * The store for a database name.
     *
     * @throws SqlException 3D000 for an unknown branch or a bad {@code @LSN/@TIME} suffix, 22023 for an LSN or
     *     time outside the branch's history
     */
    private Database open(final String name, final Point point) {
        if (closed) {
            throw new SqlException("57P01", "the compute is shutting down");
        }
        final int at = name.indexOf('@');
        if (at < 0) {
            Database d = writable.get(name);
            if (d != null && d.wal() != null && d.wal().failed()) {
                // a failed WAL writer refuses every write for good (whether its last append landed is unknown):
                // as PostgreSQL restarts after a failed WAL write, the branch is reopened, with a new writer
                // lease that fences the failed writer and recovery from what the WAL service holds
                writable.remove(name);
                retire(d, "the WAL writer of branch \"" + name + "\" failed; the branch is reopened");
                d = null;
            }
            if (d == null) {
                d = openWritable(name, timelineOf(name, name));
                writable.put(name, d);
            }
            return d;
        }
        Database d = readOnly.get(name);
        if (d == null) {
            trimReadOnly(MAX_READ_ONLY - 1);
            if (readOnly.size() >= MAX_READ_ONLY) {
                throw new SqlException("53000", "too many point-in-time databases in use (" + MAX_READ_ONLY + ")");
            }
            // resolved and waited for by awaitPoint; resolved here only when the store was open then and has
            // been closed since (the page server had ingested its LSN already)
            final Point pt = point != null ? point : resolve(name, at);
            final TimelineId named = pt.named();
            final long lsn = pt.lsn();
            if (point == null) {
                awaitIngested(named, lsn, name, 0);
            }
            final TimelineId tl = config.branches().timelineAt(named, lsn);
            d = new Database(name, tl, true, MvccStore.open(MvccConfig.builder(new RemotePageSource(pages, config.tenant(), tl))
                .readOnlyAt(lsn).bufferPoolBytes(Math.max(8L << 20, config.bufferPoolBytes() / 8)).build()), null,
                null, new java.util.concurrent.atomic.AtomicInteger());
            readOnly.put(name, d);
        }
        return d;
    }

    private Database openWritable(final String name, final TimelineId tl) {
        final long t0 = System.nanoTime();
        final WalSink sink = new IngestBackpressure(walClient.acquireWriter(config.tenant(), tl),
            (lsn, waitMillis) -> pages.waitForLsn(config.tenant(), tl, lsn, waitMillis), config.maxIngestLagBytes(),
            INGEST_WAIT_MILLIS, backpressure, name);
        SinkWalWriter wal = null;
        try {
            final long t1 = System.nanoTime();
            wal = new SinkWalWriter(sink);
            final long t2 = System.nanoTime();
            final MvccStore store = MvccStore.open(MvccConfig.builder(new RemotePageSource(pages, config.tenant(), tl))
                .wal(wal).bufferPoolBytes(config.bufferPoolBytes()).build());
            if (onOpen != null) {
                onOpen.accept(store);
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("opened branch {} read-write: writer lease {} us, WAL writer {} us, store {} us", name,
                    (t1 - t0) / 1000, (t2 - t1) / 1000, (System.nanoTime() - t2) / 1000);
            }
            return new Database(name, tl, false, store, wal, sink, new java.util.concurrent.atomic.AtomicInteger());
        } catch (final RuntimeException e) {
            if (wal != null) {
                wal.close();
            }
            sink.close();
            throw e;
        }
    }

    private TimelineId timelineOf(final String branch, final String name) {
        final TimelineId tl = config.branches().timeline(branch);
        if (tl == null) {
            throw new SqlException("3D000", "database \"" + name + "\" does not exist", null,
                "Database names are branch names (main, dev, ...), optionally with @LSN or @TIME for a read-only session.",
                0, null);
        }
        return tl;
    }

    private long pointOf(final TimelineId tl, final String point, final String name) {
        final long lsn;
        try {
            if (Lsn.looksLikeLsn(point)) {
                lsn = Lsn.parse(point);
            } else {
                final Instant t = Instant.parse(point);
                lsn = config.branches().lsnAtTime(tl, t.getEpochSecond() * 1_000_000L + t.getNano() / 1000);
            }
        } catch (final DateTimeParseException | IllegalArgumentException e) {
            throw new SqlException("3D000", "database \"" + name + "\" does not exist", "\"" + point
                + "\" is neither an LSN like 0/16B3748 nor a time like 2026-11-24T20:00:00Z", null, 0, e);
        } catch (final StratumException e) {
            throw new SqlException("22023", "cannot open \"" + name + "\": " + e.getMessage());
        }
        return lsn;
    }

    /** A point-in-time name resolved: the branch's timeline and the LSN. */
    private record Point(TimelineId named, long lsn) {
    }

    private Point resolve(final String name, final int at) {
        final TimelineId named = timelineOf(name.substring(0, at), name);
        return new Point(named, pointOf(named, name.substring(at + 1), name));
    }

    /**
     * For a point-in-time name not open yet: resolves it and waits (outside this object's monitor, at most
     * {@link #INGEST_WAIT_MILLIS}) until the page server has ingested the WAL up to its LSN, so that
     * {@link #open} finds it there. Returns null for a name that is open already or not a point in time.
     */
    private Point awaitPoint(final String name) {
        final int at = name.indexOf('@');
        if (at < 0) {
            return null;
        }
        synchronized (this) {
            if (closed || readOnly.containsKey(name)) {
                return null;
            }
        }
        final Point p = resolve(name, at);
        awaitIngested(p.named(), p.lsn(), name, INGEST_WAIT_MILLIS);
        return p;
    }

    /**
     * Returns once the page server has ingested {@code tl} up to {@code lsn}. When it has not: an LSN past
     * the WAL service's committed end is refused at once (22023); one within it is waited for up to
     * {@code waitMillis} and then refused with 57P03 (the page server is behind, not the name wrong).
     */
    private void awaitIngested(final TimelineId tl, final long lsn, final String name, final long waitMillis) {
        final long last = pages.waitForLsn(config.tenant(), tl, 0, 0);
        if (lsn <= last) {
            return;
        }
        final long committed = waitMillis > 0 ? committedEnd(tl) : -1;
        if (waitMillis <= 0 || (committed >= 0 && lsn > committed)) {
            throw new SqlException("22023", "cannot open \"" + name + "\": LSN " + Lsn.format(lsn)
                + " is past the end of the branch's WAL (" + Lsn.format(Math.max(last, committed)) + ")");
        }
        try {
            pages.waitForLsn(config.tenant(), tl, lsn, waitMillis);
        } catch (final StratumException e) {
            if (e.code() != io.stratum.wal.ErrorCode.TIMEOUT) {
                throw e;
            }
            final long now = pages.waitForLsn(config.tenant(), tl, 0, 0);
            throw new SqlException("57P03", "cannot open \"" + name + "\" yet: the page server has ingested the "
                + "branch's WAL up to " + Lsn.format(now) + ", not yet to " + Lsn.format(lsn), "It was waited for "
                + waitMillis + " ms; the WAL service has committed up to "
                + (committed < 0 ? "an unknown LSN (no WAL node answered)" : Lsn.format(committed)) + ".",
                "Try again; if it persists, check the page server's WAL receiver (stratum status).", 0, e);
        }
    }

    /** The highest LSN of {@code tl} any reachable WAL node reports committed, or -1 when none answers. */
    private long committedEnd(final TimelineId tl) {
        long end = -1;
        for (final io.stratum.raft.NodeStatus n : walClient.status()) {
            for (final io.stratum.raft.NodeStatus.Group g : n.groups()) {
                if (!g.tenant().equals(config.tenant())) {
                    continue;
                }
                for (final io.stratum.raft.NodeStatus.Timeline t : g.timelines()) {
                    if (t.timeline().equals(tl)) {
                        end = Math.max(end, t.commitLsn());
                    }
                }
            }
        }
        return end;
    }

    /** How far this compute's WAL of branch {@code branch} is quorum-committed, or -1 when it does not write it. */
    synchronized long durableLsn(final String branch) {
        final Database d = writable.get(branch);
        return d == null || d.wal() == null ? -1 : d.wal().durableLsn();
    }

    /** Every open store, for metrics. */
    synchronized List<Database> all() {
        final List<Database> l = new ArrayList<>(writable.values());
        l.addAll(readOnly.values());
        return l;
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (final Database d : all()) {
            closeStore(d);
        }
        for (final Database d : retiring) {
            closeStore(d);
        }
        retiring.clear();
        writable.clear();
        readOnly.clear();
    }
}
