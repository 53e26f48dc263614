package io.stratum.compute.storage;

import io.stratum.mvcc.HeapTable;
import io.stratum.mvcc.IndexCursor;
import io.stratum.mvcc.Transaction;
import io.stratum.mvcc.TupleFetch;

/** The cursors {@link TableAccess} hands out. */
final class RowCursors {
    private RowCursors() {
    }

    static final RowCursor EMPTY = new RowCursor() {
        @Override
        public boolean next() {
            return false;
        }

        @Override
        public long tid() {
            return 0;
        }

        @Override
        public Object[] row() {
            return null;
        }

        @Override
        public void close() {
        }
    };

    /** Index entries in range, each fetched through the heap for visibility. */
    static final class IndexRows implements RowCursor {
        private final IndexCursor cursor;
        private final HeapTable heap;
        private final TupleFetch fetch;
        private final RowCodec codec;
        /** Filters and decodes only some columns, or null: every column is decoded. */
        private final StagedDecoder staged;
        private final Transaction tx;
        private final int[] positions;
        private final int bounded;
        private final Object[] row;
        private long tid;

        IndexRows(final IndexCursor cursor, final HeapTable heap, final TupleFetch fetch, final RowCodec codec,
                  final StagedDecoder staged, final Transaction tx, final int[] positions, final int bounded) {
            this.cursor = cursor;
            this.heap = heap;
            this.fetch = fetch;
            this.codec = codec;
            this.staged = staged;
            this.tx = tx;
            this.positions = positions;
            this.bounded = bounded;
            this.row = staged != null ? staged.row() : new Object[codec.columnCount()];
        }

        @Override
        public boolean next() {
            while (cursor.next()) {
                final long t = cursor.tid();
                if (!heap.fetchIndexed(tx, t, fetch)) {
                    continue;
                }
                if (staged == null) {
                    codec.decode(fetch.buffer(), fetch.offset(), fetch.length(), row);
                } else if (!staged.accept(fetch.buffer(), fetch.offset(), fetch.length())) {
                    continue;
                }
                boolean nullInBound = false;
                for (int i = 0; i < bounded; i++) {
                    // an expression key's NULLs sort after every bound (KeyCodec): never in range
                    nullInBound |= positions[i] >= 0 && row[positions[i]] == null;
                }
                if (nullInBound) {
                    continue;
                }
                tid = fetch.tid(); // the version found along the entry's HOT chain
                return true;
            }
            return false;
        }

        @Override
        public long tid() {
            return tid;
        }

        @Override
        public Object[] row() {
            return row;
        }

        @Override
        public void close() {
            cursor.close();
            fetch.close();
        }
    }
}
