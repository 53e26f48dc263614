package io.stratum.compute.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.session.Portal;
import io.stratum.compute.session.PreparedStatement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sorts past work_mem spill to temporary files in the session's directory, and the files go with the statement. */
class SpillTest {
    @TempDir
    Path dir;

    private static final String SORT = "select g, md5(g::text) as h from generate_series(1, 20000) g order by h, g";

    private EngineFixture fixture(final long statementMemory) {
        return new EngineFixture(dir.resolve("fx"), SqlEngineConfig.builder().maxStatementMemory(statementMemory)
            .tempDirectory(dir.resolve("tmp")).build());
    }

    private long files() throws IOException {
        final Path tmp = dir.resolve("tmp");
        if (!Files.exists(tmp)) {
            return 0;
        }
        try (var w = Files.walk(tmp)) {
            return w.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void aSortPastWorkMemSpillsAndReturnsTheRowsOfTheInMemorySort() throws IOException {
        try (EngineFixture fx = fixture(64L << 20)) {
            final SqlClient c = fx.client();
            c.q("set work_mem = '64MB'"); // its 20,000 rows hold about 6 MB as the executor counts
            final List<List<String>> inMemory = c.rows(SORT);
            String plan = c.rows("explain analyze " + SORT).stream().map(r -> r.get(0)).collect(Collectors.joining("\n"));
            assertTrue(plan.contains("Sort Method: quicksort  Memory: "), plan);
            c.q("set work_mem = '64kB'");
            assertEquals("64kB", c.one("show work_mem"));
            assertEquals(inMemory, c.rows(SORT));
            plan = c.rows("explain analyze " + SORT).stream().map(r -> r.get(0)).collect(Collectors.joining("\n"));
            assertTrue(plan.matches("(?s).*Sort Method: external merge  Disk: [1-9][0-9]*kB.*"), plan);
            assertEquals(0, files());
            c.q("set work_mem = 65536");
            assertEquals("64MB", c.one("show work_mem"));
            assertEquals("22023", c.error("set work_mem = '63kB'"));
            assertEquals("22023", c.error("set work_mem = '4 parsecs'"));
        }
    }

    @Test
    void hashAggregationPastWorkMemPartitionsToDiskAndReturnsTheSameGroups() throws IOException {
        final String q = "select g % 7000 as k, count(*), sum(g), min(md5(g::text)), string_agg(g::text, ',' order by g desc)"
            + " from generate_series(1, 60000) g group by 1";
        try (EngineFixture fx = fixture(64L << 20)) {
            final SqlClient c = fx.client();
            c.q("set work_mem = '64MB'");
            final List<List<String>> inMemory = sorted(c.rows(q));
            String plan = c.rows("explain analyze " + q).stream().map(r -> r.get(0)).collect(Collectors.joining("\n"));
            assertTrue(plan.contains("Batches: 1  Memory Usage: "), plan);
            c.q("set work_mem = '64kB'");
            assertEquals(inMemory, sorted(c.rows(q)));
            plan = c.rows("explain analyze " + q).stream().map(r -> r.get(0)).collect(Collectors.joining("\n"));
            assertTrue(plan.matches("(?s).*Batches: ([2-9]|[1-9][0-9]+)  Memory Usage: [0-9]+kB  Disk Usage: [1-9][0-9]*kB.*"), plan);
            assertEquals(0, files());
            assertEquals("22012", c.error("select g % 7000, sum(1 / (g - 50000)) from generate_series(1, 60000) g group by 1"));
            assertEquals(0, files());
        }
    }

    private static List<List<String>> sorted(final List<List<String>> rows) {
        final List<List<String>> out = new java.util.ArrayList<>(rows);
        out.sort(java.util.Comparator.comparing(Object::toString));
        return out;
    }

    @Test
    void aSortTooLargeForTheStatementsMemoryFitsWhenItSpills() {
        // 100,000 rows of 100 characters do not fit 1 MiB: sorted in memory (work_mem 4MB) they fail with 53200
        try (EngineFixture fx = fixture(1L << 20)) {
            final SqlClient c = fx.client();
            final String q = "select count(*), min(x), max(x) from (select g, repeat('x', 100) || g as x"
                + " from generate_series(1, 100000) g order by 2, 1 offset 0) s";
            assertEquals("53200", c.error(q));
            c.q("set work_mem = '256kB'");
            assertEquals(List.of(List.of("100000", "x".repeat(100) + "1", "x".repeat(100) + "99999")), c.rows(q));
        }
    }

    @Test
    void theFilesLiveWhileTheSortsRowsAreReadAndGoWithTheStatementOrItsError() throws IOException {
        try (EngineFixture fx = fixture(64L << 20)) {
            final SqlClient c = fx.client();
            c.q("set work_mem = '64kB'");
            // a portal read 10 rows at a time in a transaction block: the merge still reads its runs
            c.q("begin");
            final PreparedStatement ps = c.session.prepare(SORT, List.of());
            try (Portal p = c.session.bind(ps, new Object[0])) {
                final int[] n = new int[1];
                assertFalse(p.execute(10, row -> n[0]++));
                assertEquals(10, n[0]);
                assertTrue(files() > 0, "the merge reads its runs from temporary files");
            }
            assertEquals(0, files());
            c.q("commit");
            // an error while the sort reads its input, after runs were written
            assertEquals("22012", c.error("select g from generate_series(1, 20000) g order by md5((1 / (g - 15000))::text)"));
            assertEquals(0, files());
            // an error above the sort while its merged rows are read
            assertEquals("22012", c.error("select 1 / (g - 15000) from (select g from generate_series(1, 20000) g"
                + " order by md5(g::text) offset 0) s"));
            assertEquals(0, files());
            // cancelled by statement_timeout in the middle of spilling
            c.q("set statement_timeout = 200");
            assertEquals("57014", c.error("select a.a from generate_series(1, 100000) a, generate_series(1, 1000) b"
                + " order by md5((a.a * b.b)::text)"));
            assertEquals(0, files());
            c.q("set statement_timeout = 0");
            assertEquals("1", c.one("select 1"));
            c.session.close();
            assertFalse(Files.exists(dir.resolve("tmp")) && files() > 0);
            try (var w = Files.list(dir.resolve("tmp"))) {
                assertEquals(0, w.count(), "the session's directory is removed when it closes");
            }
        }
    }

    @Test
    void startupRemovesTheSessionDirectoriesOfProcessesThatNoLongerRun() throws IOException {
        final Path tmp = dir.resolve("tmp");
        final Path stale = Files.createDirectories(tmp.resolve("session_" + Long.MAX_VALUE + "_7_1")); // no such process
        Files.writeString(stale.resolve("stratum_sort_1.tmp"), "left by a crash");
        final Path live = Files.createDirectories(tmp.resolve("session_" + ProcessHandle.current().pid() + "_8_1"));
        Files.writeString(live.resolve("stratum_sort_2.tmp"), "a running session's");
        final Path other = Files.createDirectories(tmp.resolve("not_a_session"));
        try (EngineFixture fx = fixture(64L << 20)) {
            assertEquals("1", fx.client().one("select 1"));
            assertFalse(Files.exists(stale), "a dead process's session directory goes at startup");
            assertTrue(Files.exists(live.resolve("stratum_sort_2.tmp")), "a live process's directory stays");
            assertTrue(Files.exists(other));
        }
    }
}
