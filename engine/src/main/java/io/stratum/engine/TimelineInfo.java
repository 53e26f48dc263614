package io.stratum.engine;

import io.stratum.wal.TimelineId;

/**
 * A timeline as listed by {@link PageServer#listTimelines}: its ancestor and branch point (null and the
 * start LSN for a root), what it has ingested and persisted, its GC cutoff (reads and branches below
 * are refused), its layer files, the off-heap bytes of its in-memory layers, its frozen layers waiting
 * for flush, its level-0 layers waiting for compaction, and its image floor (the compaction cutoff:
 * reads at or above the disk-consistent LSN replay no delta at or below it), and why it is FAILED (null
 * while it is healthy: a failed timeline refuses ingest and maintenance, see {@link #state()}).
 */
public record TimelineInfo(TimelineId id, TimelineId ancestor, long ancestorLsn, long lastRecordLsn,
                           long diskConsistentLsn, long gcCutoff, int layerFiles, long inMemoryBytes,
                           int frozenLayers, int level0Layers, long imageFloorLsn, String failure) {
    /** {@code "Active"} or {@code "Failed"} (as the management API reports it). */
    public String state() {
        return failure == null ? "Active" : "Failed";
    }
}
