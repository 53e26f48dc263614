package io.stratum.compute.storage;

import org.agrona.DirectBuffer;

/**
 * A filter conjunct tested on a tuple's encoded fields without building their values (see
 * {@link RowCodec#locateFixed}): {@code pos[i]} is column i's field offset in {@code src} (-1 for NULL),
 * {@code len[i]} a variable field's length. True exactly when the conjunct is TRUE (NULL and FALSE both
 * reject the row). Made by {@link FieldTests}; stateless, so one test may serve several scans at once.
 */
@FunctionalInterface
public interface FieldTest {
    boolean test(DirectBuffer src, int[] pos, int[] len);
}
