package io.stratum.mvcc.btree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The page searches (four-way on slot heads, then items on a head tie) against a linear scan of the
 * comparison, on pages of 1 to 250 items whose keys often share their first 6 bytes or are
 * shorter than a head, for every tie rule and prefix searches.
 */
class BTreePageSearchTest {
    private final SplittableRandom random = new SplittableRandom(17);

    private byte[] randomKey() {
        final int len = random.nextInt(10);
        final byte[] k = new byte[len];
        for (int i = 0; i < len; i++) {
            // few distinct byte values, so that heads collide and prefixes relate
            k[i] = (byte) (random.nextInt(3) == 0 ? random.nextInt(256) : random.nextInt(3));
        }
        return k;
    }

    private static int compareKeys(final byte[] a, final byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    @Test
    void boundsEqualALinearScan() {
        final UnsafeBuffer page = new UnsafeBuffer(new byte[BTreePage.PAGE_SIZE]);
        final UnsafeBuffer item = new UnsafeBuffer(new byte[BTreePage.ITEM_HEADER + 16]);
        final UnsafeBuffer key = new UnsafeBuffer(new byte[16]);
        final SearchKey s = new SearchKey();
        for (int round = 0; round < 300; round++) {
            final int n = 1 + random.nextInt(round % 3 == 0 ? 12 : 250);
            final List<byte[]> keys = new ArrayList<>();
            final List<Long> tids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                keys.add(randomKey());
            }
            keys.sort(BTreePageSearchTest::compareKeys);
            BTreePage.init(page, 0, 0, 0, 0);
            for (int i = 0; i < n; i++) {
                final byte[] k = keys.get(i);
                final long tid = i;
                tids.add(tid);
                item.putShort(BTreePage.ITEM_KEY_LEN, (short) k.length, BTreePage.LE);
                item.putLong(BTreePage.ITEM_TID, tid, BTreePage.LE);
                item.putInt(BTreePage.ITEM_CHILD, 0, BTreePage.LE);
                item.putBytes(BTreePage.ITEM_KEY, k);
                BTreePage.append(page, 0, item, 0);
            }
            for (int q = 0; q < 40; q++) {
                final byte[] k = random.nextInt(3) == 0 ? keys.get(random.nextInt(n)) : randomKey();
                key.putBytes(0, k);
                final int tie = random.nextInt(3) - 1;
                final boolean prefix = random.nextInt(4) == 0;
                final long tid = random.nextInt(n + 2) - 1;
                s.set(key, 0, k.length, tid, tie, prefix);
                final int from = random.nextInt(4) == 0 ? Math.min(1, n) : 0;
                int lower = n;
                int upper = n;
                for (int i = n - 1; i >= from; i--) {
                    final int c = BTreePage.compare(s, page, BTreePage.item(page, 0, i));
                    if (c <= 0) {
                        lower = i;
                    }
                    if (c < 0) {
                        upper = i;
                    }
                }
                final String what = "round " + round + " key " + Arrays.toString(k) + " tie " + tie + " prefix "
                    + prefix + " tid " + tid + " from " + from + " n " + n;
                assertEquals(lower, BTreePage.lowerBound(s, page, 0, from), "lowerBound, " + what);
                assertEquals(upper, BTreePage.upperBound(s, page, 0, from), "upperBound, " + what);
            }
        }
    }
}
