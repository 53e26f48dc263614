package io.stratum.mvcc.btree;

import static org.junit.jupiter.api.Assertions.*;

import io.stratum.mvcc.IndexCursor;
import io.stratum.mvcc.MvccException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Random operation sequences against a {@link TreeSet} of (key, tid): inserts (short keys with many
 * duplicates and prefix relations, long keys so that pages split early and the tree grows several levels),
 * deletes, bulk deletes and range scans in both directions with every bound kind and the prefix rule. At
 * the end: whole scans both ways, no pin or latch left, and the WAL replayed onto zero pages equals the pool.
 */
class BTreeModelTest {
    record Entry(byte[] key, long tid) {
        @Override
        public String toString() {
            return BTree.hex(new UnsafeBuffer(key), 0, key.length) + "/" + Long.toUnsignedString(tid);
        }
    }

    static final Comparator<Entry> ORDER = (a, b) -> {
        final int c = Arrays.compareUnsigned(a.key, b.key);
        return c != 0 ? c : Long.compareUnsigned(a.tid, b.tid);
    };

    /** One operation: kind 0 insert, 1 delete (key, tid), 2 delete an existing entry, 3 scan, 4 bulk delete. */
    record Op(int kind, byte[] key, long tid, byte[] high, int lowKind, int highKind, boolean prefix,
              boolean backward, int pick) {
        @Override
        public String toString() {
            return switch (kind) {
                case 0 -> "insert(" + new Entry(key, tid) + ")";
                case 1 -> "delete(" + new Entry(key, tid) + ")";
                case 2 -> "deleteExisting(" + pick + ")";
                case 3 -> "scan(" + new Entry(key, 0) + " kind " + lowKind + ", " + new Entry(high, 0) + " kind "
                    + highKind + (prefix ? " prefix" : "") + (backward ? " backward" : "") + ")";
                default -> "bulkDelete(tid % " + pick + " == 0)";
            };
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        final Arbitrary<byte[]> shortKey = Arbitraries.of((byte) 0, (byte) 1, (byte) 2, (byte) 0x7F, (byte) 0x80,
            (byte) 0xFF).array(byte[].class).ofMinSize(0).ofMaxSize(5);
        final Arbitrary<byte[]> longKey = Combinators.combine(shortKey, Arbitraries.integers().between(150, 1990))
            .as((p, n) -> {
                final byte[] k = Arrays.copyOf(p, Math.min(2000, p.length + n));
                Arrays.fill(k, p.length, k.length, (byte) 'a');
                if (n % 3 == 0) {
                    k[k.length - 1] = (byte) (n & 0xFF);
                }
                return k;
            });
        final Arbitrary<byte[]> key = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, shortKey), net.jqwik.api.Tuple.of(2, longKey));
        final Arbitrary<Long> tid = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, Arbitraries.longs().between(0, 12)),
            net.jqwik.api.Tuple.of(1, Arbitraries.of(-1L, Long.MIN_VALUE, Long.MAX_VALUE)));
        final Arbitrary<Op> insert = Combinators.combine(key, tid)
            .as((k, t) -> new Op(0, k, t, null, 0, 0, false, false, 0));
        final Arbitrary<Op> delete = Combinators.combine(key, tid)
            .as((k, t) -> new Op(1, k, t, null, 0, 0, false, false, 0));
        final Arbitrary<Op> deleteExisting = Arbitraries.integers().between(0, 10_000)
            .map(i -> new Op(2, null, 0, null, 0, 0, false, false, i));
        final Arbitrary<Op> scan = Combinators.combine(key, key, Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 2), Arbitraries.of(true, false), Arbitraries.of(true, false))
            .as((lo, hi, lk, hk, prefix, back) -> new Op(3, lo, 0, hi, lk, hk, prefix, back, 0));
        final Arbitrary<Op> bulk = Arbitraries.integers().between(2, 5)
            .map(m -> new Op(4, null, 0, null, 0, 0, false, false, m));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(30, insert), net.jqwik.api.Tuple.of(3, delete),
                net.jqwik.api.Tuple.of(5, deleteExisting), net.jqwik.api.Tuple.of(8, scan),
                net.jqwik.api.Tuple.of(1, bulk))
            .list().ofMinSize(1).ofMaxSize(600)
            .withSizeDistribution(net.jqwik.api.RandomDistribution.uniform());
    }

    @Property(tries = 120, edgeCases = net.jqwik.api.EdgeCasesMode.MIXIN)
    void behavesAsASortedSet(@ForAll("ops") final List<Op> ops, @ForAll final boolean unique) {
        final Fixture f = new Fixture(2048, unique, (tx, xid) -> fail("no waits here"));
        final TestHeap heap = new TestHeap(1);
        final TreeSet<Entry> model = new TreeSet<>(ORDER);
        for (final Op op : ops) {
            switch (op.kind()) {
                case 0 -> {
                    final Entry e = new Entry(op.key(), op.tid());
                    final Entry sameKey = model.ceiling(new Entry(op.key(), 0));
                    final boolean dup = unique && sameKey != null && Arrays.equals(sameKey.key(), op.key());
                    try {
                        f.tree.insert(null, heap, new UnsafeBuffer(op.key()), 0, op.key().length, op.tid());
                        assertFalse(dup, "duplicate accepted: " + e);
                        model.add(e);
                    } catch (MvccException ex) {
                        assertTrue(dup, "unexpected " + ex);
                        assertEquals(MvccException.Reason.UNIQUE_VIOLATION, ex.reason());
                    }
                }
                case 1 -> {
                    final boolean had = model.remove(new Entry(op.key(), op.tid()));
                    assertEquals(had, f.tree.delete(null, new UnsafeBuffer(op.key()), 0, op.key().length, op.tid()),
                        op.toString());
                }
                case 2 -> {
                    if (!model.isEmpty()) {
                        final Entry e = new ArrayList<>(model).get(op.pick() % model.size());
                        model.remove(e);
                        assertTrue(f.tree.delete(null, new UnsafeBuffer(e.key()), 0, e.key().length, e.tid()),
                            "delete " + e);
                    }
                }
                case 3 -> assertEquals(expected(model, op), scan(f, op), op.toString());
                default -> {
                    final long before = model.size();
                    model.removeIf(e -> e.tid() % op.pick() == 0);
                    assertEquals(before - model.size(), f.tree.bulkDelete(t -> t % op.pick() == 0), op.toString());
                }
            }
        }
        final List<String> all = model.stream().map(Entry::toString).toList();
        assertEquals(all, f.all(false));
        final List<String> reversed = new ArrayList<>(all);
        Collections.reverse(reversed);
        assertEquals(reversed, f.all(true));
        f.assertNothingHeld();
        f.assertRedoMatches();
        f.tree.refreshRoot();
        net.jqwik.api.statistics.Statistics.label("height").collect(f.tree.height());
    }

    private static List<String> scan(final Fixture f, final Op op) {
        final List<String> out = new ArrayList<>();
        final UnsafeBuffer lo = op.lowKind() == 0 ? null : new UnsafeBuffer(op.key());
        final UnsafeBuffer hi = op.highKind() == 0 ? null : new UnsafeBuffer(op.high());
        try (IndexCursor c = f.tree.scan(null, lo, 0, op.key().length, op.lowKind() == 1, hi, 0, op.high().length,
            op.highKind() == 1, op.prefix(), op.backward())) {
            while (c.next()) {
                out.add(Fixture.entry(c));
            }
        }
        return out;
    }

    private static List<String> expected(final TreeSet<Entry> model, final Op op) {
        final List<String> out = new ArrayList<>();
        for (final Entry e : model) {
            if (op.lowKind() != 0) {
                final int c = Arrays.compareUnsigned(e.key(), op.key());
                if (op.lowKind() == 1 ? c < 0 : c <= 0) {
                    continue;
                }
            }
            if (op.highKind() != 0) {
                final byte[] k = op.prefix() && e.key().length > op.high().length
                    ? Arrays.copyOf(e.key(), op.high().length) : e.key();
                final int c = Arrays.compareUnsigned(k, op.high());
                if (op.highKind() == 1 ? c > 0 : c >= 0) {
                    continue;
                }
            }
            out.add(e.toString());
        }
        if (op.backward()) {
            Collections.reverse(out);
        }
        return out;
    }
}
