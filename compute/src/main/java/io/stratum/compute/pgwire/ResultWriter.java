package io.stratum.compute.pgwire;

import io.stratum.compute.session.ColumnDesc;
import io.stratum.compute.session.RowSink;
import io.stratum.compute.types.PgType;
import java.io.IOException;
import java.util.List;

/**
 * Writes result rows as DataRow messages straight into the connection's output buffer; integers,
 * booleans and strings are encoded without intermediate objects. One per connection, re-armed for each
 * execution with {@link #start}.
 */
final class ResultWriter implements RowSink {
    private final PgOutput out;
    private PgType[] types = new PgType[0];
    private boolean[] binary = new boolean[0];
    private PgType.Format format = PgType.Format.DEFAULT;
    private int columns;
    private long rows;
    private long binaryValues;

    ResultWriter(final PgOutput out) {
        this.out = out;
    }

    /** Arms the writer for one execution; {@code formats} null means all text. */
    void start(final List<ColumnDesc> cols, final boolean[] formats, final PgType.Format fmt) {
        columns = cols.size();
        if (types.length < columns) {
            types = new PgType[columns];
            binary = new boolean[columns];
        }
        for (int i = 0; i < columns; i++) {
            final PgType t = cols.get(i).type();
            types[i] = t == null ? PgType.TEXT : t;
            binary[i] = formats != null && formats[i];
        }
        format = fmt;
        rows = 0;
    }

    long rows() {
        return rows;
    }

    /** Values sent in binary since the last call. */
    long takeBinaryValues() {
        final long n = binaryValues;
        binaryValues = 0;
        return n;
    }

    @Override
    public void row(final Object[] values) {
        out.begin('D');
        final int n = Math.min(columns, values.length);
        out.int16(columns);
        try {
            for (int i = 0; i < columns; i++) {
                final Object v = i < n ? values[i] : null;
                if (v == null) {
                    out.int32(-1);
                } else if (binary[i]) {
                    out.lengthPrefixed(types[i].formatBinary(v));
                    binaryValues++;
                } else {
                    text(types[i], v);
                }
            }
        } catch (final RuntimeException e) {
            // a value that cannot be formatted: none of this row is sent (the error follows a whole message)
            out.abandon();
            throw e;
        }
        rows++;
        try {
            out.end();
        } catch (final IOException e) {
            throw new ClientIoException(e);
        }
    }

    private void text(final PgType t, final Object v) {
        switch (t) {
            case INT2: case INT4: case INT8: case OID:
                if (v instanceof Number) {
                    out.lengthPrefixedLong(((Number) v).longValue());
                    return;
                }
                break;
            case BOOL:
                if (v instanceof Boolean) {
                    out.int32(1);
                    out.int8(((Boolean) v) ? 't' : 'f');
                    return;
                }
                break;
            case TEXT: case VARCHAR: case BPCHAR: case NAME: case UNKNOWN: case CHAR:
                if (v instanceof CharSequence) {
                    out.lengthPrefixedUtf8((CharSequence) v);
                    return;
                }
                break;
            default:
                break;
        }
        out.lengthPrefixedUtf8(t.formatText(v, format));
    }
}
