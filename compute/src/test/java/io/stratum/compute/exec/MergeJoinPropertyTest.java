package io.stratum.compute.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.types.PgType;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The merge join against a nested-loop model: random inputs with NULL keys and duplicate keys on both sides (a hot
 * key of up to a few thousand rows, past work_mem, so its inner group goes to a temporary file), one or two keys
 * of different types on the two sides (int4 against int8, numeric against int4), inner, left, right and full joins
 * with and without a join filter. Inputs are sorted by the Sort node the planner puts below a merge join. The
 * same multiset of rows, every file deleted.
 */
class MergeJoinPropertyTest {
    @Property(tries = 80)
    void returnsWhatANestedLoopReturns(@ForAll @IntRange(min = 0, max = 400) final int leftRows,
                                       @ForAll @IntRange(min = 0, max = 400) final int rightRows,
                                       @ForAll @IntRange(min = 0, max = 3000) final int hot,
                                       @ForAll @IntRange(min = 1, max = 40) final int distinct,
                                       @ForAll @IntRange(min = 0, max = 3) final int kindIndex,
                                       @ForAll final boolean twoKeys,
                                       @ForAll final boolean filtered,
                                       @ForAll final long seed) throws IOException {
        final Path dir = Files.createTempDirectory("merge-join");
        try {
            final ExecContext cx = new ExecContext(null, new TempEnv(dir, "64kB"), 256L << 20, Long.MAX_VALUE);
            final Random r = new Random(seed);
            final Joins.Kind kind = Joins.Kind.values()[kindIndex];
            // left (id int4, k int4, k2 numeric), right (id int4, k int8, k2 int4, pad text)
            final List<Object[]> left = new ArrayList<>();
            for (int i = 0; i < leftRows; i++) {
                left.add(new Object[] {i, key(r, distinct), r.nextInt(6) == 0 ? null : BigDecimal.valueOf(r.nextInt(3) * 10, 1)});
            }
            final List<Object[]> right = new ArrayList<>();
            for (int i = 0; i < rightRows + hot; i++) {
                final Integer k = i >= rightRows ? Integer.valueOf(distinct / 2) : key(r, distinct); // the hot key
                right.add(new Object[] {1000 + i, k == null ? null : Long.valueOf(k), r.nextInt(6) == 0 ? null : r.nextInt(3),
                    "p".repeat(r.nextInt(60))});
            }
            java.util.Collections.shuffle(right, r);
            final List<Expr> lk = new ArrayList<>(List.of(new Exprs.Col(1, PgType.INT4, "l.k")));
            final List<Expr> rk = new ArrayList<>(List.of(new Exprs.Col(1, PgType.INT8, "r.k")));
            if (twoKeys) {
                lk.add(new Exprs.Col(2, PgType.NUMERIC, "l.k2"));
                rk.add(new Exprs.Col(2, PgType.INT4, "r.k2"));
            }
            final Expr filter = filtered ? new Odd() : null;
            final PlanNode l = new SortNodes.Sort(new Rows(left, 3), MergeJoin.order(lk));
            final PlanNode rr = new SortNodes.Sort(new Rows(right, 4), MergeJoin.order(rk));
            final List<String> actual = new ArrayList<>();
            try (Cursor c = new MergeJoin(kind, l, rr, lk, rk, filter).start(cx)) {
                Object[] row;
                while ((row = c.next()) != null) {
                    actual.add(Arrays.toString(row));
                }
            }
            final List<String> expected = model(kind, left, right, twoKeys, filter, cx);
            actual.sort(null);
            expected.sort(null);
            assertEquals(expected, actual, kind + " join, " + leftRows + " x " + (rightRows + hot) + " rows");
            assertEquals(0, cx.openTempFiles());
            try (var files = Files.walk(dir)) {
                assertTrue(files.noneMatch(Files::isRegularFile), "a temporary file is left in " + dir);
            }
        } finally {
            TempFiles.removeDirectory(dir);
        }
    }

    @Example
    void anInnerGroupPastWorkMemGoesToATemporaryFile() throws IOException {
        final Path dir = Files.createTempDirectory("merge-join");
        try {
            final ExecContext cx = new ExecContext(null, new TempEnv(dir, "64kB"), 256L << 20, Long.MAX_VALUE);
            final List<Object[]> left = List.of(new Object[] {1, 7, null}, new Object[] {2, 7, null}, new Object[] {3, 9, null});
            final List<Object[]> right = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                right.add(new Object[] {i, 7L, null, "x".repeat(100)});
            }
            right.add(new Object[] {3000, null, null, "last"});
            final List<Expr> lk = List.of(new Exprs.Col(1, PgType.INT4, "l.k"));
            final List<Expr> rk = List.of(new Exprs.Col(1, PgType.INT8, "r.k"));
            int rows = 0;
            try (Cursor c = new MergeJoin(Joins.Kind.FULL, new Rows(left, 3), new Rows(right, 4), lk, rk, null).start(cx)) {
                assertTrue(c.next() != null);
                assertEquals(1, cx.openTempFiles(), "the group of 3,000 rows of about 150 bytes is past 64kB");
                rows++;
                while (c.next() != null) {
                    rows++;
                }
            }
            assertEquals(6000 + 1 + 1, rows); // both left rows of 7 with each of the group, 9 alone, the NULL key alone
            assertEquals(0, cx.openTempFiles());
        } finally {
            TempFiles.removeDirectory(dir);
        }
    }

    private static Integer key(final Random r, final int distinct) {
        return r.nextInt(8) == 0 ? null : r.nextInt(distinct);
    }

    /** Every pair whose keys are all non-NULL and equal and that passes the filter; then the outer join's unmatched rows. */
    private static List<String> model(final Joins.Kind kind, final List<Object[]> left, final List<Object[]> right,
                                      final boolean twoKeys, final Expr filter, final ExecContext cx) {
        final List<String> out = new ArrayList<>();
        final boolean[] rightMatched = new boolean[right.size()];
        for (final Object[] l : left) {
            boolean matched = false;
            for (int j = 0; j < right.size(); j++) {
                final Object[] r = right.get(j);
                final boolean keys = equal(l[1], r[1]) && (!twoKeys || equal(l[2], r[2]));
                final Object[] row = Joins.concat(l, r, 3, 4);
                if (keys && (filter == null || Boolean.TRUE.equals(filter.eval(row, cx)))) {
                    matched = true;
                    rightMatched[j] = true;
                    out.add(Arrays.toString(row));
                }
            }
            if (!matched && (kind == Joins.Kind.LEFT || kind == Joins.Kind.FULL)) {
                out.add(Arrays.toString(Joins.concat(l, null, 3, 4)));
            }
        }
        for (int j = 0; j < right.size(); j++) {
            if (!rightMatched[j] && (kind == Joins.Kind.RIGHT || kind == Joins.Kind.FULL)) {
                out.add(Arrays.toString(Joins.concat(null, right.get(j), 3, 4)));
            }
        }
        return out;
    }

    private static boolean equal(final Object a, final Object b) {
        return a != null && b != null && new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
    }

    /** The join filter {@code (l.id + r.id) % 3 <> 0}. */
    private static final class Odd extends Expr {
        Odd() {
            super(PgType.BOOL);
        }

        @Override
        public Object eval(final Object[] row, final ExecContext cx) {
            return ((Integer) row[0] + (Integer) row[3]) % 3 != 0;
        }

        @Override
        public String explain() {
            return "((l.id + r.id) % 3) <> 0";
        }
    }

    /** A plan node over fixed rows (in the given order, unsorted). */
    private static final class Rows extends PlanNode {
        private final List<Object[]> rows;

        Rows(final List<Object[]> rows, final int width) {
            super(cols(width));
            this.rows = rows;
        }

        private static List<OutCol> cols(final int width) {
            final List<OutCol> c = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                c.add(OutCol.of("c" + i, PgType.TEXT));
            }
            return c;
        }

        @Override
        public Cursor open(final ExecContext cx) {
            final List<Object[]> copy = new ArrayList<>();
            rows.forEach(r -> copy.add(r.clone()));
            return listCursor(copy);
        }

        @Override
        public String label() {
            return "Rows";
        }

        @Override
        public List<PlanNode> children() {
            return List.of();
        }
    }
}
