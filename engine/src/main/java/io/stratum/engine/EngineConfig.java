package io.stratum.engine;

import io.stratum.engine.redo.RedoRegistry;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.io.FileIo;
import java.nio.file.Path;
import org.agrona.concurrent.EpochMicroClock;
import org.agrona.concurrent.SystemEpochMicroClock;

/**
 * Configuration of a {@link PageServer}. Immutable; build with {@link #builder(Path)}; {@link #validate()}
 * fills defaults (fields left at 0 or null) and names the bad field on error.
 *
 * @param dataDir where tenants, timelines and layer files live
 * @param fileIo file-system facade (default: the real one)
 * @param redo redo handlers (default: the engine's built-ins); register more before ingesting
 * @param clock wall clock in micros for the PITR window (default: the system clock)
 * @param inMemoryLayerBytes an open in-memory layer is frozen when it would exceed this (default 32 MiB);
 *     off-heap memory per timeline is at most about (1 + maxFrozenLayers) x this
 * @param maxFrozenLayers frozen layers waiting for flush before ingest flushes inline (default 2)
 * @param blockBytes target uncompressed size of a layer file block (default 8 KiB)
 * @param pageCacheBytes reconstructed-page cache size, off-heap, at most 1 GiB (default 64 MiB)
 * @param waitTimeoutMillis how long a read waits for its LSN to be ingested (default 10 s)
 * @param compactionThreshold level-0 layers that trigger a compaction into level 1 (default 8)
 * @param imageThreshold delta layers above the newest image that trigger image creation (default 16)
 * @param targetLayerBytes size at which compaction and image creation start a new file (default 64 MiB)
 * @param gcHorizonBytes WAL bytes of history GC always keeps (default 64 MiB)
 * @param pitrMicros time window of history GC always keeps (default 7 days)
 * @param timeIndexGranularityMicros spacing of the LSN/time index (default 1 s)
 * @param backgroundThreads 1: flush and compaction run on one background thread; 0: inline in the
 *     caller's thread (deterministic, for tests)
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

    /** Returns a copy with defaults filled in; throws INVALID_ARGUMENT naming the first bad field. */
    public EngineConfig validate() {
        if (dataDir == null) {
            throw bad("dataDir", null);
        }
        final long layer = inMemoryLayerBytes == 0 ? 32L << 20 : inMemoryLayerBytes;
        check(layer >= 64 << 10 && layer <= 1L << 30, "inMemoryLayerBytes", layer);
        final int frozen = maxFrozenLayers == 0 ? 2 : maxFrozenLayers;
        check(frozen >= 1 && frozen <= 64, "maxFrozenLayers", frozen);
        final int block = blockBytes == 0 ? 8 << 10 : blockBytes;
        check(block >= 1024 && block <= 16 << 20, "blockBytes", block);
        final long cache = pageCacheBytes == 0 ? 64L << 20 : pageCacheBytes;
        check(cache >= 0 && cache <= 1L << 30, "pageCacheBytes", cache);
        final long wait = waitTimeoutMillis == 0 ? 10_000 : waitTimeoutMillis;
        check(wait >= 0, "waitTimeoutMillis", wait);
        final int compaction = compactionThreshold == 0 ? 8 : compactionThreshold;
        check(compaction >= 2, "compactionThreshold", compaction);
        final int images = imageThreshold == 0 ? 16 : imageThreshold;
        check(images >= 1, "imageThreshold", images);
        final long target = targetLayerBytes == 0 ? 64L << 20 : targetLayerBytes;
        check(target >= 4096, "targetLayerBytes", target);
        final long horizon = gcHorizonBytes == 0 ? 64L << 20 : gcHorizonBytes;
        check(horizon >= 0, "gcHorizonBytes", horizon);
        final long pitr = pitrMicros == 0 ? 7L * 24 * 3600 * 1_000_000 : pitrMicros;
        check(pitr >= 0, "pitrMicros", pitr);
        final long gran = timeIndexGranularityMicros == 0 ? 1_000_000 : timeIndexGranularityMicros;
        check(gran >= 1, "timeIndexGranularityMicros", gran);
        check(backgroundThreads == 0 || backgroundThreads == 1, "backgroundThreads", backgroundThreads);
        return new EngineConfig(dataDir, fileIo == null ? FileIo.real() : fileIo,
            redo == null ? RedoRegistry.withBuiltins() : redo, clock == null ? new SystemEpochMicroClock() : clock,
            layer, frozen, block, cache, wait, compaction, images, target, horizon, pitr, gran, backgroundThreads,
            autoCompact);
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
        private long inMemoryLayerBytes;
        private int maxFrozenLayers;
        private int blockBytes;
        private long pageCacheBytes;
        private long waitTimeoutMillis;
        private int compactionThreshold;
        private int imageThreshold;
        private long targetLayerBytes;
        private long gcHorizonBytes;
        private long pitrMicros;
        private long timeIndexGranularityMicros;
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
        /** Bytes of the page cache; a negative value disables the cache. */
        public Builder pageCacheBytes(final long v) { pageCacheBytes = v < 0 ? 1 : v; return this; }
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
