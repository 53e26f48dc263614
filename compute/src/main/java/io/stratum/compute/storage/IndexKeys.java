package io.stratum.compute.storage;

import io.stratum.compute.catalog.ColumnDef;
import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.types.PgType;
import java.nio.ByteOrder;
import org.agrona.ExpandableArrayBuffer;

/**
 * Builds the B-tree key of one index from a table row: its columns, or for an expression index the values of
 * its expressions ({@link IndexExpressions}, compiled by the SQL layer from the catalog's text), and tells
 * whether a partial index holds the row. Not thread-safe; reuses its buffers.
 */
final class IndexKeys {
    final IndexDef index;
    final KeyCodec codec;
    /** 0-based row positions of the key columns, -1 for an expression key. */
    final int[] positions;
    final ExpandableArrayBuffer buf = new ExpandableArrayBuffer(64);
    private final Object[] values;
    /** The compiled expressions and predicate, null for a plain index. */
    private final IndexExpressions exprs;
    /** Index among the expressions of each key position (-1 for a column). */
    private final int[] exprAt;

    IndexKeys(final TableDef table, final IndexDef index) {
        this.index = index;
        final int[] keys = index.keyAttnums();
        positions = new int[keys.length];
        exprAt = new int[keys.length];
        final PgType[] types = new PgType[keys.length];
        exprs = index.plain() ? null : io.stratum.compute.sql.analyze.IndexExprs.compile(table, index);
        int e = 0;
        for (int i = 0; i < keys.length; i++) {
            positions[i] = keys[i] - 1;
            if (keys[i] == 0) {
                exprAt[i] = e;
                types[i] = exprs.type(e++);
            } else {
                exprAt[i] = -1;
                final ColumnDef c = table.columns().get(positions[i]);
                types[i] = c.type();
            }
        }
        codec = new KeyCodec(types);
        values = new Object[keys.length];
    }

    /** The row positions the key and the predicate read, or null when any column may be read. */
    int[] readColumns() {
        if (exprs == null) {
            return positions;
        }
        final int[] extra = exprs.columns();
        if (extra == null) {
            return null;
        }
        final java.util.BitSet all = new java.util.BitSet();
        for (final int p : positions) {
            if (p >= 0) {
                all.set(p);
            }
        }
        for (final int p : extra) {
            all.set(p);
        }
        return all.stream().toArray();
    }

    /** Whether the index holds {@code row} (a partial index: its predicate is true). */
    boolean covers(final Object[] row) {
        return exprs == null || exprs.covers(row);
    }

    /** The value of key component {@code i} for {@code row}. */
    Object value(final int i, final Object[] row) {
        return exprAt[i] < 0 ? row[positions[i]] : exprs.value(exprAt[i], row);
    }

    /** The key values of {@code row} into a new array (for lookups and messages). */
    Object[] values(final Object[] row) {
        final Object[] out = new Object[positions.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = value(i, row);
        }
        return out;
    }

    /** Encodes the key of {@code row} for the version at {@code tid} into {@link #buf}; returns its length. */
    int encode(final Object[] row, final long tid) {
        boolean hasNull = false;
        for (int i = 0; i < positions.length; i++) {
            values[i] = value(i, row);
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

    /** The type of key component {@code i}. */
    PgType type(final int i, final TableDef table) {
        return exprAt[i] < 0 ? table.columns().get(positions[i]).type() : exprs.type(exprAt[i]);
    }

    /** The text of key component {@code i} in a DETAIL: the column's name or the expression's pretty form. */
    String name(final int i, final TableDef table) {
        return exprAt[i] < 0 ? table.columns().get(positions[i]).name()
            : IndexDef.keyText(index.prettyExpr(exprAt[i]));
    }

    /**
     * The positions of the columns some index keys on or whose expressions or predicate read, each once, in
     * first-seen order (no streams: per statement); every column when an expression reads unknown ones.
     */
    static int[] indexedColumns(final IndexKeys[] keys, final int width) {
        final boolean[] seen = new boolean[width];
        final int[] out = new int[width];
        int n = 0;
        for (final IndexKeys k : keys) {
            final int[] read = k.readColumns();
            if (read == null) {
                final int[] all = new int[width];
                for (int i = 0; i < width; i++) {
                    all[i] = i;
                }
                return all;
            }
            for (final int p : read) {
                if (!seen[p]) {
                    seen[p] = true;
                    out[n++] = p;
                }
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** {@code Key (a, lower(b))=(1, x)} for a unique violation's DETAIL. */
    String detail(final Object[] row, final TableDef table) {
        final StringBuilder names = new StringBuilder("Key (");
        final StringBuilder vals = new StringBuilder("=(");
        for (int i = 0; i < positions.length; i++) {
            if (i > 0) {
                names.append(", ");
                vals.append(", ");
            }
            names.append(name(i, table));
            vals.append(TableAccess.text(type(i, table), value(i, row)));
        }
        return names.append(')').append(vals).append(')').toString();
    }

}
