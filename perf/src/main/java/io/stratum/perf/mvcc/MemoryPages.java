package io.stratum.perf.mvcc;

import io.stratum.engine.PageSource;
import io.stratum.mvcc.WalWriter;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * For benchmarks that measure mvcc alone: a page source of all-zero pages (nothing was ever written) and a
 * WAL writer that only counts LSNs and is durable at once. Neither keeps anything.
 */
final class MemoryPages implements PageSource, WalWriter {
    static final long START = 0x100_0000L;
    private long end = START;

    @Override
    public void getPage(final long keyHi, final long keyLo, final long lsn, final MutableDirectBuffer dst,
                        final int offset) {
        dst.setMemory(offset, PAGE_SIZE, (byte) 0);
    }

    @Override
    public long relationSize(final int database, final int relation, final int fork, final long lsn) {
        return NO_RELATION;
    }

    @Override
    public long lastRecordLsn() {
        return START;
    }

    @Override
    public synchronized long append(final DirectBuffer record, final int offset, final int length) {
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

    @Override
    public void close() {
    }
}
