/** Immutable layer files (delta and image): naming, format, writer, reader, cursor and the dump/verify tool. Only this package knows LZ4. */
package io.stratum.engine.layer;
