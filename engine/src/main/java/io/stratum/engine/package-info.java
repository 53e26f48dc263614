/** The page server engine: timelines and branches, layers, GetPage@LSN, redo, compaction and GC. */
package io.stratum.engine;
