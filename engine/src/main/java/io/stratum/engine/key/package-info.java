/** Page keys: 16 bytes held as two longs, big-endian so that byte order is sort order ({@link io.stratum.engine.key.PageKey}). */
package io.stratum.engine.key;
