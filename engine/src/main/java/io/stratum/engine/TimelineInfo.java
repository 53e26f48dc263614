package io.stratum.engine;

import io.stratum.wal.TimelineId;

/**
 * A timeline as listed by {@link PageServer#listTimelines}: its ancestor and branch point (null and the
 * start LSN for a root), what it has ingested and persisted, its GC cutoff (reads and branches below
 * are refused), its layer files, the off-heap bytes of its in-memory layers, its frozen layers waiting
 * for flush, its level-0 layers waiting for compaction, and its image floor (the compaction cutoff:
 * reads at or above the disk-consistent LSN replay no delta at or below it).
 */
public record TimelineInfo(TimelineId id, TimelineId ancestor, long ancestorLsn, long lastRecordLsn,
                           long diskConsistentLsn, long gcCutoff, int layerFiles, long inMemoryBytes,
                           int frozenLayers, int level0Layers, long imageFloorLsn) {
}
