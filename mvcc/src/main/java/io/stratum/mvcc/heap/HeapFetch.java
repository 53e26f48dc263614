package io.stratum.mvcc.heap;

import io.stratum.mvcc.TupleFetch;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A {@link TupleFetch} holding a private copy of one tuple (header and data), taken under the page's
 * shared latch, so it stays valid whatever happens to the page and holds no pin. No allocation per row.
 */
final class HeapFetch implements TupleFetch {
    /** First size of the copy: most tuples are far smaller than a page, and a holder is made per scan. */
    private static final int FIRST_BYTES = 256;
    // on the heap, not direct: a holder is made per scan, and a direct buffer each time cost a Cleaner; it
    // starts small and grows (re-wrapped in place, up to a page) for a longer tuple, instead of zeroing 8 KiB
    // per scan (1.8 GB allocated in a minute of pgbench)
    final UnsafeBuffer copy = new UnsafeBuffer(new byte[FIRST_BYTES]);
    long tid;
    int length;

    /** Copies the tuple of {@code slot} (a normal slot) out of the page. */
    void load(final DirectBuffer p, final int o, final int slot, final long tupleId) {
        final int len = HeapPage.lpLength(p, o, slot);
        if (len > copy.capacity()) {
            copy.wrap(new byte[Math.min(HeapPage.PAGE, Math.max(len, 2 * copy.capacity()))]);
        }
        copy.putBytes(0, p, o + HeapPage.lpOffset(p, o, slot), len);
        length = len;
        tid = tupleId;
    }

    MutableDirectBuffer header() {
        return copy;
    }

    @Override
    public long tid() {
        return tid;
    }

    @Override
    public DirectBuffer buffer() {
        return copy;
    }

    @Override
    public int offset() {
        return HeapPage.TUPLE_HEADER;
    }

    @Override
    public int length() {
        return length - HeapPage.TUPLE_HEADER;
    }

    @Override
    public void close() {
        // holds no pin
    }
}
