package io.stratum.compute.storage;

import io.stratum.compute.catalog.ColumnDef;
import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.types.PgType;
import java.nio.ByteOrder;
import org.agrona.ExpandableArrayBuffer;

/** Builds the B-tree key of one index from a table row. Not thread-safe; reuses its buffers. */
final class IndexKeys {
    final IndexDef index;
    final KeyCodec codec;
    /** 0-based row positions of the key columns. */
    final int[] positions;
    final ExpandableArrayBuffer buf = new ExpandableArrayBuffer(64);
    private final Object[] values;

    IndexKeys(final TableDef table, final IndexDef index) {
        this.index = index;
        final int[] keys = index.keyAttnums();
        positions = new int[keys.length];
        final PgType[] types = new PgType[keys.length];
        for (int i = 0; i < keys.length; i++) {
            positions[i] = keys[i] - 1;
            final ColumnDef c = table.columns().get(positions[i]);
            types[i] = c.type();
        }
        codec = new KeyCodec(types);
        values = new Object[keys.length];
    }

    /** Encodes the key of {@code row} for the version at {@code tid} into {@link #buf}; returns its length. */
    int encode(final Object[] row, final long tid) {
        boolean hasNull = false;
        for (int i = 0; i < positions.length; i++) {
            values[i] = row[positions[i]];
            hasNull |= values[i] == null;
        }
        int len = codec.encode(values, values.length, buf, 0);
        if (hasNull && index.unique()) {
            buf.putLong(len, tid, ByteOrder.BIG_ENDIAN);
            len += 8;
        }
        return len;
    }

    /** Encodes a bound: the first {@code count} key values; returns its length. */
    int encodeBound(final Object[] bound, final int count, final ExpandableArrayBuffer dst) {
        return codec.encode(bound, count, dst, 0);
    }
}
