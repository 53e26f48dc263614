/** Timelines: ingest into in-memory layers, flush to layer files, the layer map, the read path (GetPage@LSN), compaction and GC. */
package io.stratum.engine.timeline;
