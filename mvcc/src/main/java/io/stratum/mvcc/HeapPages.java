package io.stratum.mvcc;

import io.stratum.mvcc.heap.HeapPage;
import org.agrona.DirectBuffer;

/**
 * Read-only facts about a raw heap page, for callers that walk a heap's pages themselves (a branch
 * diff reads only the pages a branch changed) and then fetch each slot's version through
 * {@link HeapTable}. The page layout itself stays internal to mvcc. Stateless.
 */
public final class HeapPages {
    private HeapPages() {
    }

    /** Whether the 8 KiB page at {@code offset} is a heap page (a page never written is not). */
    public static boolean initialised(final DirectBuffer page, final int offset) {
        return HeapPage.initialised(page, offset);
    }

    /** Line pointers (slots) on the page; slots are numbered from 0. */
    public static int slotCount(final DirectBuffer page, final int offset) {
        return HeapPage.nslots(page, offset);
    }

    /** The tuple id of slot {@code slot} of block {@code block}. */
    public static long tid(final long block, final int slot) {
        return HeapPage.tid(block, slot);
    }
}
