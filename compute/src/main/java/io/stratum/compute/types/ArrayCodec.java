package io.stratum.compute.types;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Arrays ({@code {a,"b c",NULL}}, multidimensional ones as nested Object[]: {@code {{1,2},{3,4}}}), int2vector/oidvector (space-separated) and anonymous
 * records ({@code (1,"a b",)}), text and binary (array_send: {@code int32 ndim | int32 hasnull | int32
 * elemtype | per dim: int32 size, int32 lbound | per element: int32 length (-1 NULL), bytes}).
 */
final class ArrayCodec {
    private ArrayCodec() {
    }

    static String formatArray(final Object[] values, final PgType element, final PgType.Format format) {
        final StringBuilder sb = new StringBuilder(2 + values.length * 8);
        sb.append('{');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            if (values[i] == null) {
                sb.append("NULL");
            } else if (values[i] instanceof Object[] && element != PgType.RECORD) {
                // a sub-array of a multidimensional array
                sb.append(formatArray((Object[]) values[i], element, format));
            } else {
                appendQuoted(sb, element.formatText(values[i], format), "{},\"\\", true);
            }
        }
        return sb.append('}').toString();
    }

    static String formatVector(final Object[] values, final PgType element) {
        final StringBuilder sb = new StringBuilder(values.length * 4);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(element.formatText(values[i], PgType.Format.DEFAULT));
        }
        return sb.toString();
    }

    static String formatRecord(final Object[] values, final PgType.Format format) {
        final StringBuilder sb = new StringBuilder(2 + values.length * 8);
        sb.append('(');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            if (values[i] != null) {
                final String s = PgType.forValue(values[i]).formatText(values[i], format);
                if (s.isEmpty()) {
                    sb.append("\"\"");
                } else {
                    appendQuoted(sb, s, "(),\"\\", false);
                }
            }
        }
        return sb.append(')').toString();
    }

    private static void appendQuoted(final StringBuilder sb, final String s, final String specials,
                                     final boolean quoteNull) {
        boolean quote = s.isEmpty() || (quoteNull && s.equalsIgnoreCase("NULL"));
        for (int i = 0; i < s.length() && !quote; i++) {
            final char c = s.charAt(i);
            quote = specials.indexOf(c) >= 0 || ScalarText.isSpace(c);
        }
        if (!quote) {
            sb.append(s);
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                // record_out doubles a quote, array_out escapes it
                sb.append(c == '"' && !quoteNull ? '"' : '\\');
            }
            sb.append(c);
        }
        sb.append('"');
    }

    /** Most dimensions an array may have (PostgreSQL's MAXDIM). */
    static final int MAX_DIMS = 6;

    /**
     * array_in: {@code {a,"b c",NULL}}, nested braces for more dimensions ({@code {{1,2},{3,4}}}: nested
     * Object[], sub-arrays of one level all of one length), an optional {@code [1:2]=} prefix (lower bounds
     * other than 1 are not kept).
     */
    static Object[] parseArray(final String text, final PgType element, final PgType.Format format) {
        int i = 0;
        final int n = text.length();
        while (i < n && ScalarText.isSpace(text.charAt(i))) {
            i++;
        }
        if (i < n && text.charAt(i) == '[') {
            final int eq = text.indexOf('=', i);
            if (eq < 0) {
                throw CodecErrors.malformedArray(text, "Missing \"=\" after array dimensions.");
            }
            i = eq + 1;
            while (i < n && ScalarText.isSpace(text.charAt(i))) {
                i++;
            }
        }
        if (i >= n || text.charAt(i) != '{') {
            throw CodecErrors.malformedArray(text, "Array value must start with \"{\" or dimension information.");
        }
        final int[] pos = {i};
        final Object[] out = level(text, pos, element, format, 1);
        i = pos[0];
        while (i < n) {
            if (!ScalarText.isSpace(text.charAt(i++))) {
                throw CodecErrors.malformedArray(text, "Junk after closing right brace.");
            }
        }
        if (out.length > 0 && out[0] instanceof Object[] && ArrayValues.cardinality(out) == 0) {
            return new Object[0];
        }
        return out;
    }

    /** One brace level starting at {@code pos[0]} (a '{'); leaves pos after its '}'. */
    private static Object[] level(final String text, final int[] pos, final PgType element, final PgType.Format format,
                                  final int depth) {
        if (depth > MAX_DIMS) {
            throw new io.stratum.compute.session.SqlException("54000", "number of array dimensions (" + depth
                + ") exceeds the maximum allowed (" + MAX_DIMS + ")");
        }
        final int n = text.length();
        int i = pos[0] + 1;
        final List<Object> out = new ArrayList<>();
        final StringBuilder item = new StringBuilder();
        boolean expectElement = true;
        boolean closed = false;
        boolean subArrays = false;
        while (i < n) {
            char c = text.charAt(i);
            if (ScalarText.isSpace(c)) {
                i++;
                continue;
            }
            if (c == '}') {
                if (!out.isEmpty() && expectElement) {
                    throw CodecErrors.malformedArray(text, "Unexpected \"}\" character.");
                }
                closed = true;
                i++;
                break;
            }
            if (!expectElement) {
                if (c != ',') {
                    throw CodecErrors.malformedArray(text, "Expected \",\" or \"}\".");
                }
                expectElement = true;
                i++;
                continue;
            }
            if (c == '{') {
                if (!out.isEmpty() && !subArrays) {
                    throw CodecErrors.malformedArray(text, "Unexpected \"{\" character.");
                }
                subArrays = true;
                pos[0] = i;
                final Object[] sub = level(text, pos, element, format, depth + 1);
                i = pos[0];
                if (sub.length == 0) {
                    throw CodecErrors.malformedArray(text, "Unexpected \"}\" character.");
                }
                if (!out.isEmpty() && !sameShape((Object[]) out.get(0), sub)) {
                    throw CodecErrors.malformedArray(text, "Multidimensional arrays must have sub-arrays with matching dimensions.");
                }
                out.add(sub);
                expectElement = false;
                continue;
            }
            if (subArrays) {
                throw CodecErrors.malformedArray(text, "Unexpected array element.");
            }
            if (c == ',') {
                throw CodecErrors.malformedArray(text, "Unexpected \",\" character.");
            }
            item.setLength(0);
            if (c == '"') {
                i++;
                boolean ended = false;
                while (i < n) {
                    c = text.charAt(i++);
                    if (c == '\\' && i < n) {
                        item.append(text.charAt(i++));
                    } else if (c == '"') {
                        ended = true;
                        break;
                    } else {
                        item.append(c);
                    }
                }
                if (!ended) {
                    throw CodecErrors.malformedArray(text, "Unexpected end of input.");
                }
                out.add(element.parseText(item.toString(), format));
            } else {
                boolean escaped = false;
                int lastSignificant = 0;
                while (i < n) {
                    c = text.charAt(i);
                    if (c == ',' || c == '}') {
                        break;
                    }
                    if (c == '"' || c == '{') {
                        throw CodecErrors.malformedArray(text, "Unexpected \"" + c + "\" character.");
                    }
                    if (c == '\\' && i + 1 < n) {
                        item.append(text.charAt(i + 1));
                        escaped = true;
                        i += 2;
                        lastSignificant = item.length();
                        continue;
                    }
                    item.append(c);
                    if (!ScalarText.isSpace(c)) {
                        lastSignificant = item.length();
                    }
                    i++;
                }
                item.setLength(lastSignificant);
                final String s = item.toString();
                out.add(!escaped && s.equalsIgnoreCase("NULL") ? null : element.parseText(s, format));
            }
            expectElement = false;
        }
        if (!closed) {
            throw CodecErrors.malformedArray(text, "Unexpected end of input.");
        }
        pos[0] = i;
        return out.toArray();
    }

    private static boolean sameShape(final Object[] a, final Object[] b) {
        return java.util.Arrays.equals(ArrayValues.dims(a), ArrayValues.dims(b));
    }

    static Object[] parseVector(final String text, final PgType element) {
        final String s = text.strip();
        if (s.isEmpty()) {
            return new Object[0];
        }
        final String[] parts = s.split("\\s+");
        final Object[] out = new Object[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = element.parseText(parts[i]);
        }
        return out;
    }

    static byte[] formatBinary(final Object[] values, final PgType element, final int lowerBound) {
        final int[] dims = values.length == 0 ? new int[0] : ArrayValues.dims(values);
        final Object[] flat = dims.length > 1 ? ArrayValues.flatten(values) : values;
        final ByteArrayOutputStream out = new ByteArrayOutputStream(20 + flat.length * 8);
        boolean hasNull = false;
        for (final Object v : flat) {
            hasNull |= v == null;
        }
        out.writeBytes(BinaryCodec.int32(dims.length));
        out.writeBytes(BinaryCodec.int32(hasNull ? 1 : 0));
        out.writeBytes(BinaryCodec.int32(element.oid()));
        for (final int d : dims) {
            out.writeBytes(BinaryCodec.int32(d));
            out.writeBytes(BinaryCodec.int32(lowerBound));
        }
        for (final Object v : flat) {
            if (v == null) {
                out.writeBytes(BinaryCodec.int32(-1));
            } else {
                final byte[] b = element.formatBinary(v);
                out.writeBytes(BinaryCodec.int32(b.length));
                out.writeBytes(b);
            }
        }
        return out.toByteArray();
    }

    static Object[] parseBinary(final byte[] b, final int off, final int len, final PgType element) {
        if (len < 12) {
            throw CodecErrors.binary("array");
        }
        final int ndim = BinaryCodec.get32(b, off);
        final int elemOid = BinaryCodec.get32(b, off + 8);
        if (ndim == 0) {
            return new Object[0];
        }
        if (ndim < 0 || ndim > MAX_DIMS) {
            throw new io.stratum.compute.session.SqlException("22P03", "invalid number of dimensions: " + ndim);
        }
        if (elemOid != element.oid()) {
            throw new io.stratum.compute.session.SqlException("42804", "binary data has array element type " + elemOid
                + " instead of expected " + element.oid());
        }
        if (len < 12 + 8 * ndim) {
            throw CodecErrors.binary("array");
        }
        final int[] dims = new int[ndim];
        long count = 1;
        for (int d = 0; d < ndim; d++) {
            dims[d] = BinaryCodec.get32(b, off + 12 + 8 * d);
            count *= Math.max(dims[d], 0);
            if (dims[d] < 0 || count > (len - 12 - 8L * ndim) / 4) {
                throw CodecErrors.binary("array");
            }
        }
        final Object[] out = new Object[(int) count];
        int p = off + 12 + 8 * ndim;
        final int end = off + len;
        for (int i = 0; i < out.length; i++) {
            if (p + 4 > end) {
                throw CodecErrors.binary("array");
            }
            final int l = BinaryCodec.get32(b, p);
            p += 4;
            if (l == -1) {
                continue;
            }
            if (l < 0 || p + l > end) {
                throw CodecErrors.binary("array");
            }
            out[i] = element.parseBinary(b, p, l);
            p += l;
        }
        if (p != end) {
            throw CodecErrors.binary("array");
        }
        return ndim == 1 || out.length == 0 ? out : ArrayValues.reshape(out, dims);
    }

    static byte[] formatRecordBinary(final Object[] values) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(4 + values.length * 12);
        out.writeBytes(BinaryCodec.int32(values.length));
        for (final Object v : values) {
            if (v == null) {
                out.writeBytes(BinaryCodec.int32(PgType.TEXT.oid()));
                out.writeBytes(BinaryCodec.int32(-1));
            } else {
                final PgType t = PgType.forValue(v);
                final byte[] bytes = t.formatBinary(v);
                out.writeBytes(BinaryCodec.int32(t.oid()));
                out.writeBytes(BinaryCodec.int32(bytes.length));
                out.writeBytes(bytes);
            }
        }
        return out.toByteArray();
    }
}
