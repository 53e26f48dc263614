package io.stratum.compute.storage;

import io.stratum.compute.catalog.ColumnDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.Interval;
import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes rows ({@code Object[]} of the Java forms of {@link PgType}) as heap tuple bytes and back. Layout:
 * <pre>
 *  0      2                2+ceil(n/8)
 * +------+----------------+--------------------------------+------------------------------------+
 * | n u16| null bitmap    | fixed fields, in column order  | variable fields, in column order   |
 * |      | bit i: col i   | (absent when null): bool 1,    | u32 length (little-endian) + bytes |
 * |      | is null        | "char" 1, int2 2, int4/date/   | (text UTF-8, bytea, numeric as its |
 * |      |                | oid/float4 4, int8/float8/time/| text or NaN/Infinity/-Infinity,    |
 * |      |                | timestamp(tz) 8, interval 16   | arrays as n u32 + elements,        |
 * |      |                |                                | each a null byte + its field)      |
 * +------+----------------+--------------------------------+------------------------------------+
 * </pre>
 * {@code n} is the number of columns the row was written with: a tuple written before ADD COLUMN has a
 * smaller n, and columns at n and beyond decode as the column's missing value (or null). Decoding one
 * column ({@link #decodeColumn}) walks the fixed offsets and the lengths of earlier variable fields only.
 * Timestamps are microseconds since 2000-01-01 (timestamptz in UTC, decoded at offset 0), dates days since
 * 2000-01-01, time microseconds since midnight, interval micros (i64), days (i32), months (i32), as PostgreSQL. Not thread-safe (holds scratch space); one
 * per cursor.
 */
public final class RowCodec {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** Longest variable field accepted when decoding (a tuple is at most a page). */
    private static final int MAX_FIELD = 1 << 20;

    private final PgType[] types;
    private final Object[] missing;
    private final int[] fixedSize;
    /** The enum type of each ENUM column (rows hold the label's OID), null elsewhere or when unknown. */
    private final io.stratum.compute.types.EnumType[] enums;
    private byte[] scratch = new byte[256];

    /** A codec for rows of {@code types}; {@code missing[i]} is what column i reads in older, shorter tuples. */
    public RowCodec(final PgType[] types, final Object[] missing) {
        this(types, missing, null);
    }

    /** As above; {@code enums[i]} decodes ENUM column i (without it the label's OID is returned as an Integer). */
    public RowCodec(final PgType[] types, final Object[] missing, final io.stratum.compute.types.EnumType[] enums) {
        this.enums = enums == null ? new io.stratum.compute.types.EnumType[types.length] : enums.clone();
        this.types = types.clone();
        this.missing = missing == null ? new Object[types.length] : missing.clone();
        if (this.missing.length != types.length) {
            throw new IllegalArgumentException("missing values: " + this.missing.length + " for " + types.length
                + " columns");
        }
        fixedSize = new int[types.length];
        for (int i = 0; i < types.length; i++) {
            fixedSize[i] = fixedSize(types[i]);
        }
    }

    /** The codec of a table's current columns. */
    public static RowCodec of(final TableDef table) {
        final List<ColumnDef> cols = table.columns();
        final PgType[] t = new PgType[cols.size()];
        final Object[] m = new Object[cols.size()];
        final io.stratum.compute.types.EnumType[] e = new io.stratum.compute.types.EnumType[cols.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = cols.get(i).type();
            m[i] = cols.get(i).missingValue();
            e[i] = cols.get(i).enumType();
        }
        return new RowCodec(t, m, e);
    }

    public int columnCount() {
        return types.length;
    }

    /** Size of a fixed-width field of {@code t}, or -1 for a variable-width one. */
    static int fixedSize(final PgType t) {
        switch (t) {
            case BOOL: case CHAR:
                return 1;
            case INT2:
                return 2;
            case INT4: case DATE: case OID: case REGCLASS: case REGTYPE: case REGPROC: case FLOAT4: case ENUM:
                return 4;
            case INT8: case FLOAT8: case TIME: case TIMESTAMP: case TIMESTAMPTZ:
                return 8;
            case INTERVAL: case UUID:
                return 16;
            default:
                return -1;
        }
    }

    private static int header(final int n) {
        return 2 + ((n + 7) >>> 3);
    }

    /** Exact encoded length of {@code row}. */
    public int encodedLength(final Object[] row) {
        int len = header(types.length);
        for (int i = 0; i < types.length; i++) {
            if (row[i] != null) {
                len += fixedSize[i] >= 0 ? fixedSize[i] : 4 + varLength(types[i], row[i]);
            }
        }
        return len;
    }

    private static int varLength(final PgType t, final Object v) {
        switch (t) {
            case BYTEA:
                return ((byte[]) v).length;
            case NUMERIC:
                return numericText(v).length();
            default: {
                final PgType e = Values.element(t);
                if (e != null) {
                    final Object[] given = (Object[]) v;
                    final boolean multi = io.stratum.compute.types.ArrayValues.multi(given);
                    final Object[] a = multi ? io.stratum.compute.types.ArrayValues.flatten(given) : given;
                    final int fs = fixedSize(e);
                    int len = multi ? 4 + 4 * io.stratum.compute.types.ArrayValues.ndims(given) : 4;
                    for (final Object x : a) {
                        len += 1;
                        if (x != null) {
                            len += fs >= 0 ? fs : 4 + varLength(e, x);
                        }
                    }
                    return len;
                }
                return Utf8.length(Values.text(v));
            }
        }
    }

    /** numeric as text: BigDecimal.toString of a finite value, NaN / Infinity / -Infinity for the others. */
    private static String numericText(final Object v) {
        if (v instanceof io.stratum.compute.types.NumericSpecial) {
            return v.toString();
        }
        return v instanceof BigDecimal b ? b.toString() : new BigDecimal(v.toString()).toString();
    }

    /**
     * Encodes {@code row} (length {@link #columnCount()}) at {@code dst[offset]}; returns the bytes written.
     * The caller sizes {@code dst} with {@link #encodedLength} (an expandable buffer grows as needed).
     */
    public int encode(final Object[] row, final MutableDirectBuffer dst, final int offset) {
        final int n = types.length;
        dst.putShort(offset, (short) n, LE);
        final int bitmap = offset + 2;
        final int h = header(n);
        for (int i = 2; i < h; i++) {
            dst.putByte(offset + i, (byte) 0);
        }
        int p = offset + h;
        for (int i = 0; i < n; i++) {
            if (row[i] == null) {
                final int b = bitmap + (i >>> 3);
                dst.putByte(b, (byte) (dst.getByte(b) | (1 << (i & 7))));
            } else if (fixedSize[i] >= 0) {
                p += putFixed(types[i], row[i], dst, p);
            }
        }
        for (int i = 0; i < n; i++) {
            if (row[i] != null && fixedSize[i] < 0) {
                p += putVar(types[i], row[i], dst, p);
            }
        }
        return p - offset;
    }

    private static int putFixed(final PgType t, final Object v, final MutableDirectBuffer dst, final int p) {
        switch (t) {
            case BOOL:
                dst.putByte(p, (byte) (((Boolean) v) ? 1 : 0));
                return 1;
            case CHAR: {
                final String s = Values.text(v);
                dst.putByte(p, s.isEmpty() ? 0 : (byte) s.charAt(0));
                return 1;
            }
            case INT2:
                dst.putShort(p, (short) Values.integer(v), LE);
                return 2;
            case INT4: case OID: case REGCLASS: case REGTYPE: case REGPROC:
                dst.putInt(p, (int) Values.integer(v), LE);
                return 4;
            case DATE:
                dst.putInt(p, Values.days(v), LE);
                return 4;
            case ENUM:
                dst.putInt(p, v instanceof io.stratum.compute.types.EnumLabel l ? l.oid() : ((Number) v).intValue(), LE);
                return 4;
            case FLOAT4:
                dst.putFloat(p, (float) Values.floating(v), LE);
                return 4;
            case INT8:
                dst.putLong(p, Values.integer(v), LE);
                return 8;
            case FLOAT8:
                dst.putDouble(p, Values.floating(v), LE);
                return 8;
            case TIME:
                dst.putLong(p, Values.timeMicros(v), LE);
                return 8;
            case TIMESTAMP: case TIMESTAMPTZ:
                dst.putLong(p, Values.timestampMicros(v), LE);
                return 8;
            case INTERVAL: {
                final Interval d = Values.interval(v);
                dst.putLong(p, d.micros(), LE);
                dst.putInt(p + 8, d.days(), LE);
                dst.putInt(p + 12, d.months(), LE);
                return 16;
            }
            case UUID: {
                final java.util.UUID u = (java.util.UUID) v;
                dst.putLong(p, u.getMostSignificantBits(), LE);
                dst.putLong(p + 8, u.getLeastSignificantBits(), LE);
                return 16;
            }
            default:
                throw new IllegalStateException("not fixed: " + t);
        }
    }

    private static int putVar(final PgType t, final Object v, final MutableDirectBuffer dst, final int p) {
        final int start = p + 4;
        int len;
        switch (t) {
            case BYTEA: {
                final byte[] b = (byte[]) v;
                dst.putBytes(start, b);
                len = b.length;
                break;
            }
            case NUMERIC:
                len = Utf8.put(dst, start, numericText(v));
                break;
            default: {
                final PgType e = Values.element(t);
                if (e != null) {
                    // multidimensional: -ndims, the dimensions, then the elements in row-major order
                    final Object[] given = (Object[]) v;
                    final boolean multi = io.stratum.compute.types.ArrayValues.multi(given);
                    final Object[] a = multi ? io.stratum.compute.types.ArrayValues.flatten(given) : given;
                    int q = start + 4;
                    if (multi) {
                        final int[] dims = io.stratum.compute.types.ArrayValues.dims(given);
                        dst.putInt(start, -dims.length, LE);
                        for (final int d : dims) {
                            dst.putInt(q, d, LE);
                            q += 4;
                        }
                    } else {
                        dst.putInt(start, a.length, LE);
                    }
                    final boolean fixed = fixedSize(e) >= 0;
                    for (final Object x : a) {
                        dst.putByte(q++, (byte) (x == null ? 1 : 0));
                        if (x != null) {
                            q += fixed ? putFixed(e, x, dst, q) : putVar(e, x, dst, q);
                        }
                    }
                    len = q - start;
                } else {
                    len = Utf8.put(dst, start, Values.text(v));
                }
            }
        }
        dst.putInt(p, len, LE);
        return 4 + len;
    }

    /** Decodes every column into {@code into} (length at least {@link #columnCount()}); returns it. */
    public Object[] decode(final DirectBuffer src, final int offset, final int length, final Object[] into) {
        return decode(src, offset, length, into, null);
    }

    /**
     * Decodes the columns {@code wanted} marks into {@code into}, the others as null (a scan that reads a few
     * columns of a wide row skips building their values); {@code wanted} null decodes every column.
     */
    public Object[] decode(final DirectBuffer src, final int offset, final int length, final Object[] into,
                           final boolean[] wanted) {
        final int stored = storedColumns(src, offset, length);
        final int n = types.length;
        final int bitmap = offset + 2;
        int p = offset + header(stored);
        final int end = offset + length;
        final int count = Math.min(stored, n);
        // fixed fields of every stored column (also those beyond n, to find where variable fields start)
        for (int i = 0; i < stored; i++) {
            if (isNull(src, bitmap, i)) {
                if (i < n) {
                    into[i] = null;
                }
                continue;
            }
            if (i < n && fixedSize[i] >= 0) {
                check(p + fixedSize[i] <= end);
                into[i] = wanted == null || wanted[i] ? fixed(i, src, p) : null;
                p += fixedSize[i];
            }
        }
        for (int i = 0; i < count; i++) {
            if (fixedSize[i] < 0 && !isNull(src, bitmap, i)) {
                check(p + 4 <= end);
                final int len = src.getInt(p, LE);
                check(len >= 0 && len <= MAX_FIELD && p + 4 + len <= end);
                into[i] = wanted == null || wanted[i] ? getVar(types[i], src, p + 4, len, enums[i]) : null;
                p += 4 + len;
            }
        }
        for (int i = count; i < n; i++) {
            into[i] = wanted == null || wanted[i] ? missing[i] : null;
        }
        return into;
    }

    /**
     * Finds where each column's field lies in a tuple, for {@link #decodeAt}: {@code pos[i]} is the field's
     * offset (for a variable field, of its bytes) or -1 for NULL, -2 for a column the tuple predates;
     * {@code len[i]} a variable field's length.
     */
    public void locate(final DirectBuffer src, final int offset, final int length, final int[] pos, final int[] len) {
        locateVar(src, offset, length, locateFixed(src, offset, length, pos), pos, len);
    }

    /**
     * The first half of {@link #locate}: the fixed fields' offsets, -1 for NULL, -2 for a column the tuple
     * predates, and {@link #UNLOCATED} for a non-null variable field; returns where the variable fields start
     * (for {@link #locateVar}). A scan whose first filters read fixed columns only skips the second half for the
     * rows they reject.
     */
    public int locateFixed(final DirectBuffer src, final int offset, final int length, final int[] pos) {
        final int stored = storedColumns(src, offset, length);
        final int n = types.length;
        final int bitmap = offset + 2;
        int p = offset + header(stored);
        final int end = offset + length;
        int bits = 0;
        for (int i = 0; i < stored; i++) {
            if ((i & 7) == 0) {
                bits = src.getByte(bitmap + (i >>> 3));
            }
            if ((bits & (1 << (i & 7))) != 0) {
                pos[i] = -1;
            } else if (fixedSize[i] >= 0) {
                check(p + fixedSize[i] <= end);
                pos[i] = p;
                p += fixedSize[i];
            } else {
                pos[i] = UNLOCATED;
            }
        }
        for (int i = stored; i < n; i++) {
            pos[i] = -2;
        }
        return p;
    }

    /** What {@link #locateFixed} leaves in {@code pos} for a non-null variable field. */
    public static final int UNLOCATED = -3;

    /** The second half of {@link #locate}: the variable fields' offsets and lengths, from {@code varStart}. */
    public void locateVar(final DirectBuffer src, final int offset, final int length, final int varStart, final int[] pos,
                          final int[] len) {
        final int n = types.length;
        final int end = offset + length;
        int p = varStart;
        for (int i = 0; i < n; i++) {
            if (pos[i] == UNLOCATED) {
                check(p + 4 <= end);
                final int l = src.getInt(p, LE);
                check(l >= 0 && l <= MAX_FIELD && p + 4 + l <= end);
                pos[i] = p + 4;
                len[i] = l;
                p += 4 + l;
            }
        }
    }

    /** Column {@code i}'s value in a tuple {@link #locate} has mapped. */
    public Object decodeAt(final DirectBuffer src, final int i, final int[] pos, final int[] len) {
        final int p = pos[i];
        if (p == -1) {
            return null;
        }
        if (p == -2) {
            return missing[i];
        }
        return fixedSize[i] >= 0 ? fixed(i, src, p) : getVar(types[i], src, p, len[i], enums[i]);
    }

    /** Whether column {@code i} is of fixed width (cheap to decode). */
    public boolean fixedWidth(final int i) {
        return fixedSize[i] >= 0;
    }

    /** Decodes column {@code column} (0-based) alone. */
    public Object decodeColumn(final DirectBuffer src, final int offset, final int length, final int column) {
        final int stored = storedColumns(src, offset, length);
        if (column >= stored) {
            return missing[column];
        }
        final int bitmap = offset + 2;
        if (isNull(src, bitmap, column)) {
            return null;
        }
        final int end = offset + length;
        int p = offset + header(stored);
        if (fixedSize[column] >= 0) {
            for (int i = 0; i < column; i++) {
                if (fixedSize[i] >= 0 && !isNull(src, bitmap, i)) {
                    p += fixedSize[i];
                }
            }
            check(p + fixedSize[column] <= end);
            return fixed(column, src, p);
        }
        for (int i = 0; i < stored && i < types.length; i++) {
            if (fixedSize[i] >= 0 && !isNull(src, bitmap, i)) {
                p += fixedSize[i];
            }
        }
        for (int i = 0; i < column; i++) {
            if (fixedSize[i] < 0 && !isNull(src, bitmap, i)) {
                check(p + 4 <= end);
                p += 4 + src.getInt(p, LE);
            }
        }
        check(p + 4 <= end);
        final int len = src.getInt(p, LE);
        check(len >= 0 && len <= MAX_FIELD && p + 4 + len <= end);
        return getVar(types[column], src, p + 4, len, enums[column]);
    }

    private int storedColumns(final DirectBuffer src, final int offset, final int length) {
        check(length >= 2);
        final int stored = src.getShort(offset, LE) & 0xFFFF;
        check(header(stored) <= length);
        if (stored > types.length) {
            // columns are only ever added, and a codec is built from the newest table definition
            throw new SqlException("XX001", "invalid tuple: " + stored + " columns for a table of " + types.length);
        }
        return stored;
    }

    private static boolean isNull(final DirectBuffer src, final int bitmap, final int i) {
        return (src.getByte(bitmap + (i >>> 3)) & (1 << (i & 7))) != 0;
    }

    private static void check(final boolean ok) {
        if (!ok) {
            throw new SqlException("XX001", "invalid tuple: field beyond the tuple's length");
        }
    }

    /** Column i's fixed-width value at p (an enum column's label through its type). */
    private Object fixed(final int i, final DirectBuffer src, final int p) {
        if (types[i] == PgType.ENUM) {
            final int oid = src.getInt(p, LE);
            return enums[i] == null ? (Object) oid : enums[i].byOid(oid);
        }
        return getFixed(types[i], src, p);
    }

    private static Object getFixed(final PgType t, final DirectBuffer src, final int p) {
        switch (t) {
            case BOOL:
                return src.getByte(p) != 0;
            case CHAR: {
                final byte b = src.getByte(p);
                return b == 0 ? "" : String.valueOf((char) (b & 0xFF));
            }
            case INT2:
                return src.getShort(p, LE);
            case INT4:
                return src.getInt(p, LE);
            case OID: case REGCLASS: case REGTYPE: case REGPROC:
                return src.getInt(p, LE) & 0xFFFF_FFFFL;
            case DATE:
                return Values.date(src.getInt(p, LE));
            case FLOAT4:
                return src.getFloat(p, LE);
            case INT8:
                return src.getLong(p, LE);
            case FLOAT8:
                return src.getDouble(p, LE);
            case TIME:
                return Values.time(src.getLong(p, LE));
            case TIMESTAMP:
                return Values.timestamp(src.getLong(p, LE));
            case TIMESTAMPTZ:
                return Values.timestamptz(src.getLong(p, LE));
            case INTERVAL:
                return Interval.of(src.getInt(p + 12, LE), src.getInt(p + 8, LE), src.getLong(p, LE));
            case UUID:
                return new java.util.UUID(src.getLong(p, LE), src.getLong(p + 8, LE));
            default:
                throw new IllegalStateException("not fixed: " + t);
        }
    }

    private Object getVar(final PgType t, final DirectBuffer src, final int p, final int len,
                          final io.stratum.compute.types.EnumType enumType) {
        switch (t) {
            case BYTEA: {
                final byte[] b = new byte[len];
                src.getBytes(p, b);
                return b;
            }
            case NUMERIC: {
                final String s = string(src, p, len);
                final char c = s.isEmpty() ? '0' : s.charAt(s.length() - 1);
                return c == 'N' || c == 'y' ? io.stratum.compute.types.NumericSpecial.parse(s) : new BigDecimal(s);
            }
            case JSONB:
                return io.stratum.compute.json.JsonText.parseJsonb(string(src, p, len));
            default: {
                final PgType e = Values.element(t);
                if (e != null) {
                    check(len >= 4);
                    int count = src.getInt(p, LE);
                    int q = p + 4;
                    int[] dims = null;
                    if (count < 0) {
                        check(count >= -6 && len >= 4 - 4 * count);
                        dims = new int[-count];
                        count = 1;
                        for (int d = 0; d < dims.length; d++) {
                            dims[d] = src.getInt(q, LE);
                            q += 4;
                            check(dims[d] > 0 && (long) count * dims[d] <= len);
                            count *= dims[d];
                        }
                    }
                    check(count >= 0 && count <= len);
                    final Object[] a = new Object[count];
                    final int fs = fixedSize(e);
                    final int end = p + len;
                    for (int i = 0; i < count; i++) {
                        check(q < end);
                        final boolean isNull = src.getByte(q++) != 0;
                        if (isNull) {
                            continue;
                        }
                        if (fs >= 0) {
                            check(q + fs <= end);
                            if (e == PgType.ENUM) {
                                // an enum array's elements are label OIDs
                                final int oid = src.getInt(q, LE);
                                a[i] = enumType == null ? (Object) oid : enumType.byOid(oid);
                            } else {
                                a[i] = getFixed(e, src, q);
                            }
                            q += fs;
                        } else {
                            check(q + 4 <= end);
                            final int l = src.getInt(q, LE);
                            check(l >= 0 && q + 4 + l <= end);
                            a[i] = getVar(e, src, q + 4, l, enumType);
                            q += 4 + l;
                        }
                    }
                    return dims == null ? a : io.stratum.compute.types.ArrayValues.reshape(a, dims);
                }
                return string(src, p, len);
            }
        }
    }

    private String string(final DirectBuffer src, final int p, final int len) {
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, scratch.length * 2)];
        }
        src.getBytes(p, scratch, 0, len);
        return new String(scratch, 0, len, StandardCharsets.UTF_8);
    }
}
