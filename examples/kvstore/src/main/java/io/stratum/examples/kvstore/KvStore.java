package io.stratum.examples.kvstore;

import io.stratum.engine.EngineConfig;
import io.stratum.engine.PageServer;
import io.stratum.engine.ingest.WalReceiver;
import io.stratum.engine.key.PageKey;
import io.stratum.engine.redo.RedoRegistry;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A small key-value store on the Stratum engine, run in-process: string keys hash into bucket pages
 * ({@link KvPage}); every change is one WAL record of our own ({@link KvRecords}) appended to the branch's
 * WAL, which the engine ingests through its WAL receiver and redoes with our handler ({@link KvRedo}). So
 * the store gets what the engine gives: reads at any retained LSN, O(1) branches at an LSN, restart from
 * the WAL. Writes are durable when {@link #put} returns (on a majority, with the Raft WAL service).
 *
 * <p>Threads: none of its own; the engine's background thread and one WAL-receiver thread per branch,
 * all stopped by {@link #close()}. Writes are serialised on the store; reads run in parallel.
 */
public final class KvStore implements AutoCloseable {
    /** Where a new store's WAL starts. */
    public static final long FIRST_LSN = 0x1000000L;
    /** The page-key kind of our pages (0x80..0xFF are free for an embedder). */
    static final int KIND = 0x80;
    private static final long WAIT_MILLIS = 30_000;

    private final Catalog catalog;
    private final KvWal wal;
    private final PageServer engine;
    private final Map<String, Branch> open = new LinkedHashMap<>();
    private final KvRecords records = KvRecords.writer();
    private final UnsafeBuffer recordBuf = new UnsafeBuffer(new byte[KvRecords.MAX_KEY + KvRecords.MAX_VALUE + 128]);
    private final UnsafeBuffer writePage = new UnsafeBuffer(new byte[KvPage.SIZE]);

    /** An open branch: its engine timeline, the receiver feeding it, our writer of its WAL. */
    private record Branch(Timeline timeline, WalReceiver receiver, WalSink sink) {
    }

    private KvStore(final Catalog catalog, final KvWal wal, final PageServer engine) {
        this.catalog = catalog;
        this.wal = wal;
        this.engine = engine;
    }

    /** Opens the store in {@code config.dir()}, creating it (with a branch "main") when new. */
    public static KvStore open(final KvStoreConfig config) {
        config.validate();
        final Catalog catalog = Catalog.openOrCreate(config.dir(), config.buckets());
        final KvWal wal = config.walPeers().isEmpty() ? KvWal.local(config.dir().resolve("wal"))
            : KvWal.raft(catalog.tenant, config.walPeers());
        PageServer engine = null;
        try {
            engine = PageServer.open(EngineConfig.builder(config.dir().resolve("engine"))
                .redo(KvRedo.register(RedoRegistry.withBuiltins()))
                .inMemoryLayerBytes(config.engineMemoryBytes()).build());
            final KvStore store = new KvStore(catalog, wal, engine);
            store.start();
            return store;
        } catch (final RuntimeException e) {
            if (engine != null) {
                engine.close();
            }
            wal.close();
            throw e;
        }
    }

    /** Creates what is missing (a new store's tenant and main timeline) and opens every branch. */
    private void start() {
        if (!engine.tenants().contains(catalog.tenant)) {
            engine.createTenant(catalog.tenant);
        }
        final Map<TimelineId, Boolean> known = new LinkedHashMap<>();
        engine.listTimelines(catalog.tenant).forEach(i -> known.put(i.id(), Boolean.TRUE));
        for (final Map.Entry<String, TimelineId> b : catalog.branches.entrySet()) {
            final Timeline t;
            if (known.containsKey(b.getValue())) {
                t = engine.timeline(catalog.tenant, b.getValue());
            } else {
                t = engine.createTimeline(catalog.tenant, b.getValue(), FIRST_LSN); // only main can be new here
            }
            openBranch(b.getKey(), t);
        }
    }

    private void openBranch(final String name, final Timeline t) {
        final long walStart = t.ancestorId() == null ? FIRST_LSN : t.ancestorLsn();
        wal.createTimeline(catalog.tenant, t.id(), walStart);
        final WalReceiver receiver = WalReceiver.start(wal.source(), t);
        open.put(name, new Branch(t, receiver, wal.writer(catalog.tenant, t.id())));
    }

    /** Sets {@code key} to {@code value} on {@code branch}; returns the LSN at which the change is durable. */
    public synchronized long put(final String branch, final String key, final byte[] value) {
        return write(branch, key, value);
    }

    /** Removes {@code key} from {@code branch}; returns the LSN at which the change is durable. */
    public synchronized long delete(final String branch, final String key) {
        return write(branch, key, null);
    }

    private long write(final String name, final String key, final byte[] value) {
        final Branch b = branch(name);
        final byte[] k = key.getBytes(StandardCharsets.UTF_8);
        KvRecords.checkLengths(k.length, value == null ? 0 : value.length);
        final long lo = bucketLo(k);
        final long start = b.sink().endLsn();
        if (value != null) {
            b.timeline().getPage(pageHi(), lo, start, writePage, 0); // waits until our last write is ingested
            if (KvPage.freeAfterRemoving(writePage, 0, k) < 4 + k.length + value.length) {
                throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "bucket page full", "key", key,
                    "bucket", lo >>> 16);
            }
        }
        final int len = records.encode(recordBuf, 0, pageHi(), lo, k, value);
        try {
            return b.sink().append(start, recordBuf, 0, len).get();
        } catch (final ExecutionException e) {
            throw e.getCause() instanceof StratumException se ? se
                : StratumException.withCause(ErrorCode.UNAVAILABLE, e.getCause(), "WAL append failed");
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StratumException.of(ErrorCode.UNAVAILABLE, "interrupted while appending");
        }
    }

    /** The value of {@code key} on {@code branch} after its latest write, or null. */
    public byte[] get(final String branch, final String key) {
        final Branch b = branch(branch);
        return get(b, key, b.sink().endLsn());
    }

    /**
     * The value of {@code key} on {@code branch} as of {@code lsn} (at or after the branch point, at or
     * above what GC keeps), or null.
     */
    public byte[] get(final String branch, final String key, final long lsn) {
        return get(branch(branch), key, lsn);
    }

    private byte[] get(final Branch b, final String key, final long lsn) {
        final byte[] k = key.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer page = new UnsafeBuffer(new byte[KvPage.SIZE]);
        b.timeline().getPage(pageHi(), bucketLo(k), lsn, page, 0);
        return KvPage.get(page, 0, k);
    }

    /** Every key and value of {@code branch} as of {@code lsn}, sorted by key. */
    public Map<String, byte[]> scan(final String branch, final long lsn) {
        final Branch b = branch(branch);
        final UnsafeBuffer page = new UnsafeBuffer(new byte[KvPage.SIZE]);
        final Map<String, byte[]> out = new TreeMap<>();
        for (int i = 0; i < catalog.buckets; i++) {
            b.timeline().getPage(pageHi(), PageKey.lo(0, 0, i), lsn, page, 0);
            KvPage.entries(page, 0, out);
        }
        return out;
    }

    /** The LSN of {@code branch}'s latest write (its branch point before any). */
    public long lsn(final String branch) {
        return branch(branch).sink().endLsn();
    }

    /**
     * Creates branch {@code name} of {@code from} as of {@code lsn}: O(1) in the engine, a new WAL timeline
     * starting at {@code lsn}. Writes to either branch are invisible to the other from then on.
     */
    public synchronized void branch(final String name, final String from, final long lsn) {
        if (catalog.branches.containsKey(name)) {
            throw StratumException.of(ErrorCode.ALREADY_EXISTS, "branch exists", "branch", name);
        }
        final Branch parent = branch(from);
        parent.timeline().waitForLsn(lsn, WAIT_MILLIS); // the engine branches at what it has ingested
        final TimelineId id = TimelineId.random();
        final Timeline t = engine.createBranch(catalog.tenant, id, parent.timeline().id(), lsn);
        catalog.branches.put(name, id);
        catalog.save();
        openBranch(name, t);
    }

    public synchronized List<String> branches() {
        return new ArrayList<>(catalog.branches.keySet());
    }

    private synchronized Branch branch(final String name) {
        final Branch b = open.get(name);
        if (b == null) {
            throw StratumException.of(ErrorCode.NOT_FOUND, "no such branch", "branch", name);
        }
        return b;
    }

    private static long pageHi() {
        return PageKey.hi(KIND, 0, 0);
    }

    private long bucketLo(final byte[] key) {
        int h = 0;
        for (final byte x : key) {
            h = 31 * h + x;
        }
        return PageKey.lo(0, 0, Math.floorMod(h, catalog.buckets));
    }

    /** Stops the receivers and closes the engine and the WAL; what was written is on disk (or on the WAL nodes). */
    @Override
    public synchronized void close() {
        for (final Branch b : open.values()) {
            b.receiver().close();
            b.sink().close();
        }
        open.clear();
        engine.close();
        wal.close();
    }
}
