package io.stratum.mvcc.btree;

import org.agrona.DirectBuffer;

/**
 * A mutable search key: key bytes (a view over the caller's buffer), a TID and the tie rule used when the
 * key bytes are equal ({@link BTreePage#TIE_LOW}, {@link BTreePage#TIE_HIGH}, {@link BTreePage#TIE_TID}).
 * With {@code prefix}, items compare by their first {@code length} bytes only. Reused; not thread-safe.
 */
final class SearchKey {
    DirectBuffer buffer;
    int offset;
    int length;
    long tid;
    int tie;
    boolean prefix;
    /** Sorts after every item (an open upper bound). */
    boolean infinite;
    /** The key's first 6 bytes ({@link BTreePage#headOf}) and whether slot heads may decide a comparison. */
    long head;
    boolean useHead;
    /**
     * The heads the next page searched is believed to hold keys between (its parent's separators around the
     * downlink followed; {@code hintLo > hintHi} when unknown): where a head search looks first, never what it finds.
     */
    long hintLo;
    long hintHi = -1;
    /** Output of a descent: the block it ended on, and the bound of the key found there. */
    long landed;
    int pos;

    SearchKey set(final DirectBuffer buffer, final int offset, final int length, final long tid, final int tie,
        final boolean prefix) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.tid = tid;
        this.tie = tie;
        this.prefix = prefix;
        this.infinite = false;
        this.head = BTreePage.headOf(buffer, offset, length);
        // a prefix search cuts items to its length: heads still decide when that keeps all of their bytes
        this.useHead = !prefix || length >= BTreePage.HEAD_BYTES;
        noHint();
        return this;
    }

    /** A key after every item. */
    SearchKey setInfinite() {
        this.length = 0;
        this.tie = BTreePage.TIE_HIGH;
        this.prefix = false;
        this.infinite = true;
        this.useHead = false;
        noHint();
        return this;
    }

    void noHint() {
        hintLo = 0;
        hintHi = -1;
    }
}
