package io.stratum.compute.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The external merge sort against a plain stable sort: random row counts and value mixes (duplicates, NULLs,
 * several types), with work_mem from the 16 KiB floor to a few runs' worth, so there are from one to hundreds of
 * runs and one to three merge passes. Same rows in the same order (ties in input order), every file deleted.
 */
class ExternalSortPropertyTest {
    @Property(tries = 60)
    void sortsAsAPlainStableSortDoesAndLeavesNoFile(@ForAll @IntRange(min = 0, max = 6000) final int rows,
                                                    @ForAll @IntRange(min = 1, max = 64) final int memoryKb,
                                                    @ForAll @IntRange(min = 1, max = 500) final int distinct,
                                                    @ForAll final long seed) throws IOException {
        final Path dir = Files.createTempDirectory("external-sort");
        try {
            final ExecContext cx = new ExecContext(null, new TempEnv(dir, "4MB"), 256L << 20, Long.MAX_VALUE);
            final Random r = new Random(seed);
            final List<Object[]> input = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                final int k = r.nextInt(distinct);
                input.add(new Object[] {
                    i, // the input position: tells a stable order from another one
                    r.nextInt(10) == 0 ? null : k,
                    r.nextInt(7) == 0 ? null : "s" + r.nextInt(distinct) + "x".repeat(r.nextInt(40)),
                    r.nextBoolean() ? BigDecimal.valueOf(r.nextInt(1000), r.nextInt(4)) : null,
                    LocalDate.ofEpochDay(r.nextInt(20_000)),
                    OffsetDateTime.of(2020, 1, 1, 0, 0, 0, r.nextInt(1000) * 1000, ZoneOffset.ofHours(r.nextInt(5))),
                    r.nextInt(5) == 0 ? new Object[] {1L, null, "a"} : null,
                });
            }
            // keys: column 1 nulls first, then column 2 descending (nulls last); ties stay in input order
            final List<SortNodes.Key> keys = List.of(new SortNodes.Key(null, false, true), new SortNodes.Key(null, true, false));
            final java.util.Comparator<Object[]> byKeys = SortNodes.comparator(keys, 1);
            final List<Object[]> expected = new ArrayList<>(input);
            expected.sort(byKeys);
            final List<Object[]> actual = new ArrayList<>();
            try (ExternalSort s = new ExternalSort(byKeys, memoryKb * 1024L, cx)) {
                for (final Object[] row : input) {
                    s.add(row.clone());
                }
                s.finish();
                long bytes = 0;
                for (final Object[] row : input) {
                    bytes += ExecContext.estimate(row);
                }
                assertEquals(bytes > Math.max(memoryKb, 16) * 1024L, s.spilled(), rows + " rows of " + bytes + " bytes in "
                    + memoryKb + " kB");
                Object[] row;
                while ((row = s.next()) != null) {
                    actual.add(row);
                }
            }
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i), actual.get(i), "row " + i);
            }
            assertEquals(0, cx.openTempFiles());
            try (var files = Files.walk(dir)) {
                assertTrue(files.noneMatch(Files::isRegularFile), "a temporary file is left in " + dir);
            }
        } finally {
            TempFiles.removeDirectory(dir);
        }
    }
}
