package io.stratum.mvcc.btree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.nio.ByteBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The page searches (slot heads by quarter points and interpolation, then items on a head tie) against a
 * linear scan of the comparison: on pages of 1 to 250 items whose keys often share their first 6 bytes or
 * are shorter than a head, for every tie rule and prefix searches; and the head search alone on full pages
 * of evenly spread, skewed, clustered and repeated heads.
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

    /** Heads of one page, sorted: evenly spread, skewed toward 0, a few tight clusters, or long runs of equal heads. */
    private long[] heads(final int n, final int shape) {
        final long[] h = new long[n];
        final long max = 1L << 48;
        for (int i = 0; i < n; i++) {
            h[i] = switch (shape) {
                case 0 -> random.nextLong(max);
                case 1 -> (long) (Math.pow(random.nextDouble(), 8) * (max - 1));
                case 2 -> random.nextInt(4) * (max / 4) + random.nextLong(1000);
                case 3 -> random.nextInt(5) * 7L;
                default -> i == n - 1 ? max - 1 : random.nextLong(16);
            };
        }
        Arrays.sort(h);
        return h;
    }

    @Test
    void headSearchEqualsALinearScanOnFullPages() {
        // the head search reads slots without the buffer's bounds checks: on a heap page at offset 0 and on an
        // off-heap page in the middle of its buffer, as the pool's are
        final UnsafeBuffer[] pages = {new UnsafeBuffer(new byte[BTreePage.PAGE_SIZE]),
            new UnsafeBuffer(ByteBuffer.allocateDirect(3 * BTreePage.PAGE_SIZE))};
        final int[] offsets = {0, BTreePage.PAGE_SIZE};
        final UnsafeBuffer item = new UnsafeBuffer(new byte[BTreePage.ITEM_HEADER + 8]);
        for (int round = 0; round < 400; round++) {
            final UnsafeBuffer page = pages[round & 1];
            final int b = offsets[round & 1];
            final int n = 1 + random.nextInt(round % 4 == 0 ? 40 : 290);
            final long[] h = heads(n, round % 5);
            BTreePage.init(page, b, 0, 0, 0);
            for (int i = 0; i < n; i++) {
                // a 6-byte key is exactly its head
                item.putShort(BTreePage.ITEM_KEY_LEN, (short) 6, BTreePage.LE);
                item.putLong(BTreePage.ITEM_TID, i, BTreePage.LE);
                item.putInt(BTreePage.ITEM_CHILD, 0, BTreePage.LE);
                item.putLong(BTreePage.ITEM_KEY, h[i] << 16, java.nio.ByteOrder.BIG_ENDIAN);
                BTreePage.append(page, b, item, 0);
            }
            for (int q = 0; q < 60; q++) {
                final int pick = random.nextInt(4);
                final long key = pick == 0 ? h[random.nextInt(n)]
                    : pick == 1 ? Math.max(0, h[random.nextInt(n)] + random.nextInt(3) - 1)
                    : pick == 2 ? random.nextLong(1L << 48) : (random.nextBoolean() ? 0 : (1L << 48) - 1);
                final int from = random.nextInt(4) == 0 ? Math.min(1, n) : 0;
                int expected = from;
                while (expected < n && h[expected] < key) {
                    expected++;
                }
                final String what = "round " + round + " shape " + round % 5 + " n " + n + " key " + key + " from " + from;
                assertEquals(expected, BTreePage.headBound(key, page, b, from, n), what);
                // a hint (the range the parent believes the page covers) moves the first probes, never the answer
                final long a = h[random.nextInt(n)];
                final long c = h[random.nextInt(n)];
                final long hintLo = random.nextInt(3) == 0 ? h[0] : Math.min(a, c);
                final long hintHi = random.nextInt(3) == 0 ? h[n - 1] : Math.max(a, c);
                assertEquals(expected, BTreePage.headBound(key, hintLo, hintHi, page, b, from, n), what + " hint "
                    + hintLo + ".." + hintHi);
            }
        }
    }

    @Test
    void headSearchRefusesSlotsOutsideThePage() {
        final UnsafeBuffer page = new UnsafeBuffer(new byte[2 * BTreePage.PAGE_SIZE]);
        BTreePage.init(page, 0, 0, 0, 0);
        // a count no page can hold (a corrupt header), and a page that does not lie wholly in its buffer
        final StratumException tooMany = assertThrows(StratumException.class,
            () -> BTreePage.headBound(1, page, 0, 0, BTreePage.MAX_ITEMS + 1));
        assertEquals(ErrorCode.CORRUPT, tooMany.code());
        final StratumException outside = assertThrows(StratumException.class,
            () -> BTreePage.headBound(1, page, BTreePage.PAGE_SIZE + 8, 0, 20));
        assertEquals(ErrorCode.CORRUPT, outside.code());
        assertEquals(0, BTreePage.headBound(1, page, BTreePage.PAGE_SIZE, 0, 0));
    }
}
