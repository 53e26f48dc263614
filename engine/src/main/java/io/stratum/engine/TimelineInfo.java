package io.stratum.engine;

import io.stratum.wal.TimelineId;

/**
 * A timeline as listed by {@link PageServer#listTimelines}: its ancestor and branch point (null and the
 * start LSN for a root), what it has ingested and persisted, and its GC cutoff.
 */
public record TimelineInfo(TimelineId id, TimelineId ancestor, long ancestorLsn, long lastRecordLsn,
                           long diskConsistentLsn, long gcCutoff, int layerFiles) {
}
