package io.stratum.compute.storage;

import org.agrona.DirectBuffer;

/**
 * Filters a tuple as it decodes it, for the staged sequential and index scans of {@link TableAccess}: stage k
 * decodes the columns {@code stageColumns[k]} marks (those not decoded yet) and applies {@code stages[k]}, or
 * tests the encoded fields when the stage has a {@link TableAccess.RowTest#raw()} form; a tuple failing one is
 * rejected without decoding more of it, and its variable fields are not even located while only fixed-width
 * columns have been read. A tuple that passes every stage gets the rest of {@code wanted} (null: every column);
 * other columns read null. One per cursor (holds the row and the field offsets). Threads: none.
 */
final class StagedDecoder {
    private final RowCodec c;
    private final TableAccess.RowTest[] stages;
    private final int n;
    private final Object[] row;
    private final int[] pos;
    private final int[] len;
    /** done[i] == round: column i is decoded for the current tuple (no clearing per tuple). */
    private final int[] done;
    private int round;
    private final int[][] decode;
    private final boolean[] needsVar;
    private final FieldTest[] raw;
    private final int[] rest;
    private final int restCount;

    StagedDecoder(final RowCodec codec, final boolean[] wanted, final boolean[][] stageColumns,
                  final TableAccess.RowTest[] stages) {
        this.c = codec;
        this.stages = stages;
        n = codec.columnCount();
        row = new Object[n];
        pos = new int[n];
        len = new int[n];
        done = new int[n];
        decode = new int[stages.length][];
        needsVar = new boolean[stages.length];
        raw = new FieldTest[stages.length];
        for (int k = 0; k < stages.length; k++) {
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (stageColumns[k][i]) {
                    m++;
                    needsVar[k] |= !c.fixedWidth(i);
                }
            }
            decode[k] = new int[m];
            m = 0;
            for (int i = 0; i < n; i++) {
                if (stageColumns[k][i]) {
                    decode[k][m++] = i;
                }
            }
            raw[k] = stages[k].raw();
        }
        rest = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (wanted == null || wanted[i]) {
                rest[m++] = i;
            }
        }
        restCount = m;
    }

    /** The row the last accepted tuple decoded to (reused). */
    Object[] row() {
        return row;
    }

    /** Whether the tuple at {@code offset} passes every stage; if so its wanted columns are in {@link #row()}. */
    boolean accept(final DirectBuffer buf, final int offset, final int length) {
        final int varStart = c.locateFixed(buf, offset, length, pos);
        // a tuple older than the newest ADD COLUMN reads the column's missing value: decoded path
        final boolean whole = n == 0 || pos[n - 1] != -2;
        boolean located = false;
        if (++round == 0) {
            java.util.Arrays.fill(done, 0);
            round = 1;
        }
        for (int k = 0; k < stages.length; k++) {
            if (needsVar[k] && !located) {
                c.locateVar(buf, offset, length, varStart, pos, len);
                located = true;
            }
            if (raw[k] != null && whole) {
                if (!raw[k].test(buf, pos, len)) {
                    return false;
                }
                continue;
            }
            for (final int i : decode[k]) {
                if (done[i] != round) {
                    row[i] = c.decodeAt(buf, i, pos, len);
                    done[i] = round;
                }
            }
            if (!stages[k].test(row)) {
                return false;
            }
        }
        if (!located) {
            c.locateVar(buf, offset, length, varStart, pos, len);
        }
        for (int i = 0; i < n; i++) {
            if (done[i] != round) {
                row[i] = null;
            }
        }
        for (int j = 0; j < restCount; j++) {
            final int i = rest[j];
            if (done[i] != round) {
                row[i] = c.decodeAt(buf, i, pos, len);
            }
        }
        return true;
    }
}
