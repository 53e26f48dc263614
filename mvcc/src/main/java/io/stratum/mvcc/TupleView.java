package io.stratum.mvcc;

import org.agrona.DirectBuffer;

/**
 * A tuple's user bytes, as the compute's row codec wrote them, read in place on a pinned page. Valid
 * until the cursor that handed it out moves or closes; copy what must outlive that.
 */
public interface TupleView {
    /** TID of this version: {@code (block << 16) | slot}. */
    long tid();

    DirectBuffer buffer();

    int offset();

    int length();
}
