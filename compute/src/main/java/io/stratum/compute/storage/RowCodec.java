package io.stratum.compute.storage;

import io.stratum.compute.types.PgType;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes rows ({@code Object[]} of the Java forms of {@link PgType}) as heap tuple bytes and back. Layout:
 * <pre>
 *  0      2                2+ceil(n/8)
 * +------+----------------+--------------------------------+------------------------------------+
 * | n u16| null bitmap    | fixed fields, in column order  | variable fields, in column order   |
 * |      | bit i: col i   | (absent when null): bool 1,    | u32 length (little-endian) + bytes |
 * |      | is null        | int2 2, int4/date/oid 4,       | (text UTF-8, bytea, numeric as its |
 * |      |                | int8/float8/time/timestamp(tz) | text, arrays as encoded elements)  |
 * |      |                | 8, float4 4 (little-endian)    |                                    |
 * +------+----------------+--------------------------------+------------------------------------+
 * </pre>
 * {@code n} is the number of columns the row was written with: a tuple written before ADD COLUMN has a
 * smaller n, and columns at n and beyond decode as the column's missing value (or null). Decoding one
 * column ({@link #decodeColumn}) walks the fixed offsets and the lengths of earlier variable fields only.
 * Timestamps are microseconds since 2000-01-01 (timestamptz in UTC), dates days since 2000-01-01,
 * time microseconds since midnight, as PostgreSQL. Not thread-safe (holds scratch space); one per cursor.
 */
public final class RowCodec {

    /** A codec for rows of {@code types}; {@code missing[i]} is what column i reads in older, shorter tuples. */
    public RowCodec(final PgType[] types, final Object[] missing) {
        throw new UnsupportedOperationException("storage being built");
    }

    /** The codec of a table's current columns. */
    public static RowCodec of(final io.stratum.compute.catalog.TableDef table) {
        throw new UnsupportedOperationException("storage being built");
    }

    public int columnCount() {
        throw new UnsupportedOperationException("storage being built");
    }

    /** Exact encoded length of {@code row}. */
    public int encodedLength(final Object[] row) {
        throw new UnsupportedOperationException("storage being built");
    }

    /**
     * Encodes {@code row} (length {@link #columnCount()}) at {@code dst[offset]}; returns the bytes written.
     * The caller sizes {@code dst} with {@link #encodedLength} (an expandable buffer grows as needed).
     */
    public int encode(final Object[] row, final MutableDirectBuffer dst, final int offset) {
        throw new UnsupportedOperationException("storage being built");
    }

    /** Decodes every column into {@code into} (length at least {@link #columnCount()}); returns it. */
    public Object[] decode(final DirectBuffer src, final int offset, final int length, final Object[] into) {
        throw new UnsupportedOperationException("storage being built");
    }

    /** Decodes column {@code column} (0-based) alone. */
    public Object decodeColumn(final DirectBuffer src, final int offset, final int length, final int column) {
        throw new UnsupportedOperationException("storage being built");
    }
}
