package io.stratum.engine;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.io.FaultInjectingFileIo;
import io.stratum.wal.io.FileIo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A plain in-memory model of timelines (records per timeline in a TreeMap by LSN, pages rebuilt by
 * replaying them) driving a real page server, for the model-based and crash tests.
 */
final class EngineModel implements AutoCloseable {
    static final TenantId TENANT = new TenantId(7, 7);
    static final long START = 0x10_0000L;
    static final int KEYS = 6;

    /** One change: kind 0 full page (fill = value), 1 patch (4 bytes of value at offset), 2 zero, 3 commit. */
    record Change(int key, int kind, int value, int offset) {
    }

    static final class Tl {
        final TimelineId id;
        final int parent;
        final long ancestorLsn;
        final TreeMap<Long, Change> changes = new TreeMap<>();
        /** start LSN -> the raw record bytes, to re-ingest after a restart. */
        final TreeMap<Long, byte[]> wal = new TreeMap<>();
        long last;
        /** The highest disk-consistent LSN the page server reported (what the WAL service may truncate below). */
        volatile long reported;
        /** Created by a call that failed: after a restart it may or may not exist. */
        boolean unsure;

        Tl(final TimelineId id, final int parent, final long ancestorLsn) {
            this.id = id;
            this.parent = parent;
            this.ancestorLsn = ancestorLsn;
            this.last = ancestorLsn;
            this.reported = ancestorLsn;
        }
    }

    final Path dir;
    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final List<Tl> tls = new ArrayList<>();
    /** Tenants created (besides {@link #TENANT}) whose creation returned. */
    final List<TenantId> tenants = new ArrayList<>();
    final TestWal scratch = new TestWal(0);
    final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
    FaultInjectingFileIo fio;
    TripwireFileIo tripwire;
    PageServer ps;

    /** Whether each new FaultInjectingFileIo models directory fsync (creations, renames, deletions). */
    final boolean modelDirectories;

    EngineModel(final Path dir) {
        this(dir, false);
    }

    EngineModel(final Path dir, final boolean modelDirectories) {
        this.dir = dir;
        this.modelDirectories = modelDirectories;
        open();
        ps.createTenant(TENANT);
        ps.createTimeline(TENANT, new TimelineId(0, 1), START);
        tls.add(new Tl(new TimelineId(0, 1), -1, START));
        listen(0);
    }

    /** Follows the disk-consistent LSNs timeline {@code i} reports (as the WAL receiver would). */
    void listen(final int i) {
        final Tl tl = tls.get(i);
        timeline(i).setPersistedListener(lsn -> tl.reported = Math.max(tl.reported, lsn));
    }

    void open() {
        open(new FaultInjectingFileIo(FileIo.real()));
    }

    /** Opens the page server over {@code io} (a fresh one after a crash; the same one for a plain restart). */
    void open(final FaultInjectingFileIo io) {
        fio = io;
        fio.modelDirectories(modelDirectories);
        tripwire = new TripwireFileIo(fio);
        ps = PageServer.open(EngineConfig.builder(dir).fileIo(tripwire).backgroundThreads(0)
            .inMemoryLayerBytes(64 << 10).blockBytes(1024).compactionThreshold(2).imageThreshold(2)
            .targetLayerBytes(8 << 10).gcHorizonBytes(1).pitrMicros(1).clock(clock::get).autoCompact(false)
            .pageCacheBytes(256 << 10).timeIndexGranularityMicros(1).build());
    }

    Timeline timeline(final int i) {
        return ps.timeline(TENANT, tls.get(i).id);
    }

    static long keyHi(final int key) {
        return PageKey.relHi(1, 10 + key / 3);
    }

    static long keyLo(final int key) {
        return PageKey.relLo(10 + key / 3, 0, key % 3);
    }

    /** Writes one record to timeline {@code i} and ingests it. */
    void write(final int i, final Change c) {
        final Tl tl = tls.get(i);
        final Timeline t = timeline(i);
        scratch.resetTo(tl.last);
        final long end;
        switch (c.kind) {
            case 0 -> end = scratch.fullPage(keyHi(c.key), keyLo(c.key), c.value);
            case 1 -> end = scratch.patch(keyHi(c.key), keyLo(c.key), c.offset, bytes(c.value));
            case 2 -> end = scratch.zero(keyHi(c.key), keyLo(c.key));
            default -> end = scratch.commit(clock.addAndGet(1_000));
        }
        final byte[] raw = new byte[scratch.len];
        scratch.buf.getBytes(0, raw);
        tl.wal.put(tl.last, raw);
        tl.changes.put(end, c);
        scratch.ingestInto(t);
        tl.last = end;
    }

    static byte[] bytes(final int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) 0x5A};
    }

    /** The model's page of {@code key} on timeline {@code i} at {@code lsn}. */
    byte[] page(final int i, final int key, final long lsn) {
        final Tl tl = tls.get(i);
        final byte[] p = tl.parent < 0 ? new byte[PageKey.PAGE_SIZE] : page(tl.parent, key, Math.min(lsn, tl.ancestorLsn));
        for (final Map.Entry<Long, Change> e : tl.changes.headMap(lsn, true).entrySet()) {
            final Change c = e.getValue();
            if (c.key != key || c.kind == 3) {
                continue;
            }
            if (c.kind == 0) {
                Arrays.fill(p, (byte) c.value);
            } else if (c.kind == 1) {
                System.arraycopy(bytes(c.value), 0, p, c.offset, 4);
            } else {
                Arrays.fill(p, (byte) 0);
            }
        }
        return p;
    }

    /** Every LSN at which timeline {@code i} can be read: its start and its record ends, from its GC cutoff on. */
    List<Long> readableLsns(final int i) {
        final Tl tl = tls.get(i);
        final long cutoff = Math.max(timeline(i).gcCutoff(), tl.ancestorLsn);
        final List<Long> out = new ArrayList<>();
        if (tl.ancestorLsn >= cutoff) {
            out.add(tl.ancestorLsn);
        }
        out.addAll(tl.changes.tailMap(cutoff, true).keySet());
        return out;
    }

    /** Reads through the engine and compares with the model; returns a description of a mismatch or null. */
    String check(final int i, final int key, final long lsn) {
        timeline(i).getPage(keyHi(key), keyLo(key), lsn, out, 0);
        final byte[] expected = page(i, key, lsn);
        for (int b = 0; b < expected.length; b++) {
            if (expected[b] != out.getByte(b)) {
                return "timeline " + i + " key " + key + " lsn " + Long.toHexString(lsn) + " byte " + b + ": expected "
                    + expected[b] + " got " + out.getByte(b);
            }
        }
        return null;
    }

    /** Checks every key at every readable LSN of every timeline. */
    String checkAll() {
        for (int i = 0; i < tls.size(); i++) {
            for (final long lsn : readableLsns(i)) {
                for (int k = 0; k < KEYS; k++) {
                    final String m = check(i, k, lsn);
                    if (m != null) {
                        return m;
                    }
                }
            }
        }
        return null;
    }

    int branch(final int parent, final long lsn) {
        final TimelineId id = new TimelineId(0, tls.size() + 1);
        final Tl tl = new Tl(id, parent, lsn);
        tl.unsure = true;
        tls.add(tl);
        ps.createBranch(TENANT, id, tls.get(parent).id, lsn);
        tl.unsure = false;
        listen(tls.size() - 1);
        return tls.size() - 1;
    }

    /** Closes (after a simulated crash when asked) and reopens, then re-ingests WAL past each disk-consistent LSN. */
    void restart(final java.util.Random crash) throws Exception {
        if (crash != null) {
            fio.crash(crash);
        }
        ps.close();
        open();
        for (int i = 0; i < tls.size(); i++) {
            final Tl tl = tls.get(i);
            final Timeline t = timeline(i);
            for (final Map.Entry<Long, byte[]> e : tl.wal.tailMap(t.lastRecordLsn(), true).entrySet()) {
                final UnsafeBuffer b = new UnsafeBuffer(e.getValue());
                t.ingest(e.getKey(), b, 0, e.getValue().length);
            }
        }
    }

    @Override
    public void close() {
        ps.close();
    }
}
