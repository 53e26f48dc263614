package io.stratum.engine;

import io.stratum.engine.redo.RedoRegistry;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.io.FileIo;
import java.nio.file.Path;
import org.agrona.concurrent.EpochMicroClock;
import org.agrona.concurrent.SystemEpochMicroClock;

/**
 * Configuration of a {@link PageServer}. Immutable; build with {@link #builder(Path)}, which starts from the
 * defaults below; {@link #validate()} names the bad field on error.
 *
 * @param dataDir where tenants, timelines and layer files live
 * @param fileIo file-system facade (default: the real one)
 * @param redo redo handlers (default: the engine's built-ins); register more before ingesting
 * @param clock wall clock in micros for the PITR window (default: the system clock)
 * @param inMemoryLayerBytes an open in-memory layer is frozen when it would exceed this (default 32 MiB);
 *     off-heap memory per timeline is at most about (1 + maxFrozenLayers) x this
 * @param maxFrozenLayers frozen layers waiting for flush before ingest flushes inline (default 2)
 * @param blockBytes target uncompressed size of a layer file block (default 8 KiB)
 * @param pageCacheBytes reconstructed-page cache size, off-heap, at most 1 GiB; 0 (or 1) disables it (default 64 MiB)
 * @param waitTimeoutMillis how long a read waits for its LSN to be ingested while ingest makes no progress (it
 *        waits on while ingest advances); 0 does not wait (default 10 s)
 * @param compactionThreshold level-0 layers that trigger a compaction into level 1 (default 8)
 * @param imageThreshold delta layers above the newest image that trigger image creation (default 16)
 * @param targetLayerBytes size at which compaction and image creation start a new file (default 64 MiB)
 * @param gcHorizonBytes WAL bytes of history GC always keeps; 0 keeps none beyond the PITR window (default 64 MiB)
 * @param pitrMicros time window of history GC always keeps; 0 keeps none beyond the horizon (default 7 days)
 * @param timeIndexGranularityMicros spacing of the LSN/time index (default 1 s)
 * @param backgroundThreads 1: flush and compaction run on one background thread (default); 0: inline in
 *     the caller's thread (deterministic, for tests)
 * @param autoCompact run compaction after flushes (default true; explicit {@code compact()} always works)
 */
public record EngineConfig(Path dataDir, FileIo fileIo, RedoRegistry redo, EpochMicroClock clock,
                           long inMemoryLayerBytes, int maxFrozenLayers, int blockBytes, long pageCacheBytes,
                           long waitTimeoutMillis, int compactionThreshold, int imageThreshold,
                           long targetLayerBytes, long gcHorizonBytes, long pitrMicros,
                           long timeIndexGranularityMicros, int backgroundThreads, boolean autoCompact) {

    public static Builder builder(final Path dataDir) {
        return new Builder(dataDir);
    }

    /**
     * Checks every field and returns a copy with the null references filled in (the real file system, the
     * built-in redo handlers, the system clock); throws INVALID_ARGUMENT naming the first bad field. Numeric
     * fields have no "0 means default": the builder starts from the defaults, and 0 is taken at its word
     * where it is allowed (no wait, no cache, no GC horizon, no PITR window).
     */
    public EngineConfig validate() {
        if (dataDir == null) {
            throw bad("dataDir", null);
        }
        check(inMemoryLayerBytes >= 64 << 10 && inMemoryLayerBytes <= 1L << 30, "inMemoryLayerBytes",
            inMemoryLayerBytes);
        check(maxFrozenLayers >= 1 && maxFrozenLayers <= 64, "maxFrozenLayers", maxFrozenLayers);
        check(blockBytes >= 1024 && blockBytes <= 16 << 20, "blockBytes", blockBytes);
        check(pageCacheBytes >= 0 && pageCacheBytes <= 1L << 30, "pageCacheBytes", pageCacheBytes);
        check(waitTimeoutMillis >= 0, "waitTimeoutMillis", waitTimeoutMillis);
        check(compactionThreshold >= 2, "compactionThreshold", compactionThreshold);
        check(imageThreshold >= 1, "imageThreshold", imageThreshold);
        check(targetLayerBytes >= 4096, "targetLayerBytes", targetLayerBytes);
        check(gcHorizonBytes >= 0, "gcHorizonBytes", gcHorizonBytes);
        check(pitrMicros >= 0, "pitrMicros", pitrMicros);
        check(timeIndexGranularityMicros >= 1, "timeIndexGranularityMicros", timeIndexGranularityMicros);
        check(backgroundThreads == 0 || backgroundThreads == 1, "backgroundThreads", backgroundThreads);
        return new EngineConfig(dataDir, fileIo == null ? FileIo.real() : fileIo,
            redo == null ? RedoRegistry.withBuiltins() : redo, clock == null ? new SystemEpochMicroClock() : clock,
            inMemoryLayerBytes, maxFrozenLayers, blockBytes, pageCacheBytes, waitTimeoutMillis, compactionThreshold,
            imageThreshold, targetLayerBytes, gcHorizonBytes, pitrMicros, timeIndexGranularityMicros,
            backgroundThreads, autoCompact);
    }

    private static void check(final boolean ok, final String field, final Object value) {
        if (!ok) {
            throw bad(field, value);
        }
    }

    private static StratumException bad(final String field, final Object value) {
        return StratumException.of(ErrorCode.INVALID_ARGUMENT, "invalid engine configuration", "field", field,
            "value", value);
    }

    /** Builder; every setter is optional except the data directory. */
    public static final class Builder {
        private final Path dataDir;
        private FileIo fileIo;
        private RedoRegistry redo;
        private EpochMicroClock clock;
        private long inMemoryLayerBytes = 32L << 20;
        private int maxFrozenLayers = 2;
        private int blockBytes = 8 << 10;
        private long pageCacheBytes = 64L << 20;
        private long waitTimeoutMillis = 10_000;
        private int compactionThreshold = 8;
        private int imageThreshold = 16;
        private long targetLayerBytes = 64L << 20;
        private long gcHorizonBytes = 64L << 20;
        private long pitrMicros = 7L * 24 * 3600 * 1_000_000;
        private long timeIndexGranularityMicros = 1_000_000;
        private int backgroundThreads = 1;
        private boolean autoCompact = true;

        Builder(final Path dataDir) {
            this.dataDir = dataDir;
        }

        public Builder fileIo(final FileIo v) { fileIo = v; return this; }
        public Builder redo(final RedoRegistry v) { redo = v; return this; }
        public Builder clock(final EpochMicroClock v) { clock = v; return this; }
        public Builder inMemoryLayerBytes(final long v) { inMemoryLayerBytes = v; return this; }
        public Builder maxFrozenLayers(final int v) { maxFrozenLayers = v; return this; }
        public Builder blockBytes(final int v) { blockBytes = v; return this; }
        /** Bytes of the page cache; 0 (or a negative value) disables the cache. */
        public Builder pageCacheBytes(final long v) { pageCacheBytes = Math.max(0, v); return this; }
        public Builder waitTimeoutMillis(final long v) { waitTimeoutMillis = v; return this; }
        public Builder compactionThreshold(final int v) { compactionThreshold = v; return this; }
        public Builder imageThreshold(final int v) { imageThreshold = v; return this; }
        public Builder targetLayerBytes(final long v) { targetLayerBytes = v; return this; }
        public Builder gcHorizonBytes(final long v) { gcHorizonBytes = v; return this; }
        public Builder pitrMicros(final long v) { pitrMicros = v; return this; }
        public Builder timeIndexGranularityMicros(final long v) { timeIndexGranularityMicros = v; return this; }
        public Builder backgroundThreads(final int v) { backgroundThreads = v; return this; }
        public Builder autoCompact(final boolean v) { autoCompact = v; return this; }

        public EngineConfig build() {
            return new EngineConfig(dataDir, fileIo, redo, clock, inMemoryLayerBytes, maxFrozenLayers, blockBytes,
                pageCacheBytes, waitTimeoutMillis, compactionThreshold, imageThreshold, targetLayerBytes,
                gcHorizonBytes, pitrMicros, timeIndexGranularityMicros, backgroundThreads, autoCompact).validate();
        }
    }
}
