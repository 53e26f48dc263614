package io.stratum.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a page server's work, for metrics: reconstructions and their depth (records replayed on
 * top of the base image) and read work (delta layers consulted, blocks read), compaction and GC runs.
 * Updated with {@link LongAdder}s: no allocation, no lock.
 */
public final class EngineStats {
    /** Upper bounds of the reconstruction-depth buckets; the last bucket is unbounded. */
    public static final int[] DEPTH_BOUNDS = {0, 1, 2, 4, 8, 16, 32, 64, 128};

    private final LongAdder[] depth = new LongAdder[DEPTH_BOUNDS.length + 1];
    private final LongAdder depthSum = new LongAdder();
    private final LongAdder compactions = new LongAdder();
    private final LongAdder gcRuns = new LongAdder();
    private final LongAdder gcDeleted = new LongAdder();
    private final LongAdder layerVisits = new LongAdder();
    private final LongAdder blockReads = new LongAdder();

    public EngineStats() {
        for (int i = 0; i < depth.length; i++) {
            depth[i] = new LongAdder();
        }
    }

    /** Records one page reconstruction that replayed {@code records} WAL records. */
    public void reconstructed(final int records) {
        int i = 0;
        while (i < DEPTH_BOUNDS.length && records > DEPTH_BOUNDS[i]) {
            i++;
        }
        depth[i].increment();
        depthSum.add(records);
    }

    /**
     * Records the read-path work of one reconstruction: {@code visits} delta layers consulted (their key
     * filter checked) and {@code blocks} layer blocks read (image and delta layers; a block re-read from the
     * reader's scratch does not count).
     */
    public void readWork(final int visits, final long blocks) {
        layerVisits.add(visits);
        blockReads.add(blocks);
    }

    /** Delta layers consulted by reconstructions (page reads and image creation's), in total. */
    public long layerVisits() {
        return layerVisits.sum();
    }

    /** Layer blocks read by reconstructions, in total. */
    public long blockReads() {
        return blockReads.sum();
    }

    public void compacted() {
        compactions.increment();
    }

    public void gcRan(final int deletedLayers) {
        gcRuns.increment();
        gcDeleted.add(deletedLayers);
    }

    /** Reconstructions in depth bucket {@code i} (not cumulative). */
    public long depthCount(final int i) {
        return depth[i].sum();
    }

    public int depthBuckets() {
        return depth.length;
    }

    public long depthSum() {
        return depthSum.sum();
    }

    /** Compactions that wrote something. */
    public long compactions() {
        return compactions.sum();
    }

    public long gcRuns() {
        return gcRuns.sum();
    }

    public long gcDeletedLayers() {
        return gcDeleted.sum();
    }
}
