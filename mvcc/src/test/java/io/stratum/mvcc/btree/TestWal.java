package io.stratum.mvcc.btree;

import io.stratum.mvcc.WalWriter;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;

/** A test-only WAL writer that keeps every appended record in memory (or only counts bytes, to measure allocation). */
final class TestWal implements WalWriter {
    static final long START = 0x100_0000L;
    private final boolean keep;
    private final List<byte[]> records = new ArrayList<>();
    private long end = START;

    TestWal(final boolean keep) {
        this.keep = keep;
    }

    @Override
    public synchronized long append(final DirectBuffer record, final int offset, final int length) {
        if (keep) {
            final byte[] copy = new byte[length];
            record.getBytes(offset, copy);
            records.add(copy);
        }
        end += length;
        return end;
    }

    @Override
    public void awaitDurable(final long lsn) {
    }

    @Override
    public synchronized long durableLsn() {
        return end;
    }

    @Override
    public synchronized long endLsn() {
        return end;
    }

    synchronized List<byte[]> records() {
        return new ArrayList<>(records);
    }

    @Override
    public void close() {
    }
}
