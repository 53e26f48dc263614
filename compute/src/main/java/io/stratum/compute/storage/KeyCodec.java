package io.stratum.compute.storage;

import io.stratum.compute.types.PgType;
import org.agrona.MutableDirectBuffer;

/**
 * Order-preserving encoding of B-tree keys: for keys a and b of the same types, {@code encode(a)} sorts
 * before {@code encode(b)} as unsigned bytes exactly when a sorts before b in PostgreSQL's ASC NULLS LAST
 * order (text compares by code point, as the C collation). Composite keys are the concatenation of their
 * components, each self-delimiting, so the encoding of a key prefix is a byte prefix of the whole key:
 * <pre>
 * component := 0x01 value    (not null)
 *            | 0x02          (null: after every value)
 * int2/4/8, date, time, timestamp(tz), oid: big-endian with the sign bit flipped (oid unsigned as is)
 * float4/8: IEEE bits; negative: all bits flipped, else sign bit flipped (-0 = 0; NaN last, as PostgreSQL)
 * bool: 0x00 false, 0x01 true
 * text, varchar, bpchar, name, bytea: bytes with 0x00 escaped as 0x00 0xFF, ended by 0x00 0x00
 * numeric: sign byte (0x00 negative, 0x01 zero, 0x02 positive), then for non-zero values the decimal
 *          exponent (int32, sign-flipped, complemented for negatives) and the digits as a 0x00-terminated
 *          string of digit bytes 0x01..0x0A (complemented for negatives)
 * </pre>
 * A unique index's key that contains a NULL is suffixed with the TID (8 bytes), since NULLs never
 * conflict. Not thread-safe; no allocation per key.
 */
public final class KeyCodec {

    /** Marker byte of a non-null component. */
    public static final byte NOT_NULL = 0x01;
    /** Marker byte (the whole component) of a null. */
    public static final byte NULL = 0x02;

    /** A codec for keys whose components have {@code types} (in key order). */
    public KeyCodec(final PgType[] types) {
        throw new UnsupportedOperationException("storage being built");
    }

    public int componentCount() {
        throw new UnsupportedOperationException("storage being built");
    }

    /**
     * Encodes the first {@code count} components ({@code values[i]} of {@code types[i]}) at
     * {@code dst[offset]}, growing an expandable {@code dst} as needed; returns the bytes written.
     */
    public int encode(final Object[] values, final int count, final MutableDirectBuffer dst, final int offset) {
        throw new UnsupportedOperationException("storage being built");
    }

    /** Encodes one value of {@code type} as a key component at {@code dst[offset]}; returns the bytes written. */
    public static int encodeComponent(final PgType type, final Object value, final MutableDirectBuffer dst,
                                      final int offset) {
        throw new UnsupportedOperationException("storage being built");
    }

    /** Whether keys of {@code type} can be encoded (indexable types). */
    public static boolean supports(final PgType type) {
        throw new UnsupportedOperationException("storage being built");
    }
}
