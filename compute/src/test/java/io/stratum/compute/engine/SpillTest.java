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

/**
 * Sorts, hash aggregations and hash joins past work_mem spill to temporary files in the session's directory, and the
 * files go with the statement.
 */
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
    void hashJoinsPastWorkMemJoinInBatchesOnDiskAndReturnTheRowsOfTheInMemoryJoin() throws IOException {
        try (EngineFixture fx = fixture(64L << 20)) {
            final SqlClient c = fx.client();
            c.q("create table hj_a (id int, k int, s text)");
            c.q("create table hj_b (id int, k int, s text)");
            // keys with NULLs, duplicates and one hot value (k = 7 for a tenth of the rows: a batch that cannot split)
            c.q("insert into hj_a select g, case when g % 10 = 0 then 7 when g % 13 = 0 then null else g % 3000 end,"
                + " md5(g::text) from generate_series(1, 12000) g");
            c.q("insert into hj_b select g, case when g % 10 = 0 then 7 when g % 11 = 0 then null else (g * 7) % 4000 end,"
                + " md5((g * 3)::text) from generate_series(1, 9000) g");
            c.q("analyze hj_a");
            c.q("analyze hj_b");
            final List<String> queries = List.of(
                "select a.id, b.id, b.s from hj_a a join hj_b b on a.k = b.k and a.id % 3 <> b.id % 3",
                "select a.id, b.id from hj_a a left join hj_b b on a.k = b.k and b.id % 5 = 0",
                "select a.id, b.id from hj_a a right join hj_b b on a.k = b.k + 1",
                "select a.id, a.s, b.id from hj_a a full join hj_b b on a.id = b.k");
            for (final String q : queries) {
                c.q("set work_mem = '64MB'");
                final List<List<String>> inMemory = sorted(c.rows(q));
                String plan = c.rows("explain analyze " + q).stream().map(r -> r.get(0)).collect(Collectors.joining("\n"));
                assertTrue(plan.matches("(?s).*Hash (Left |Right |Full )?Join.*Batches: 1  Memory Usage: [0-9]+kB.*"), plan);
                c.q("set work_mem = '64kB'");
                assertEquals(inMemory, sorted(c.rows(q)), q);
                plan = c.rows("explain analyze " + q).stream().map(r -> r.get(0)).collect(Collectors.joining("\n"));
                assertTrue(plan.matches("(?s).*Batches: ([2-9]|[1-9][0-9]+)  Memory Usage: [0-9]+kB  Disk Usage: [1-9][0-9]*kB.*"),
                    plan);
                assertEquals(0, files());
            }
            // an error in the join filter while batches are on disk: the files go with the statement
            assertEquals("22012", c.error("select a.id from hj_a a join hj_b b on a.k = b.k and 1 / (b.id - 8000) > 0"));
            assertEquals(0, files());
        }
    }

    @Test
    void aHashJoinTooLargeForTheStatementsMemoryFitsWhenItSpills() {
        // 60,000 inner rows of 100 characters do not fit 4 MiB in memory (work_mem 4MB lets the hash hold 8 MB)
        try (EngineFixture fx = fixture(4L << 20)) {
            final SqlClient c = fx.client();
            c.q("create table hj_big (id int, x text)");
            c.q("insert into hj_big select g, repeat('x', 100) || g from generate_series(1, 60000) g");
            c.q("analyze hj_big");
            final String q = "select count(*), min(b.x), max(a.id) from hj_big a join hj_big b on a.id = b.id + 1";
            assertEquals("53200", c.error(q));
            c.q("set work_mem = '256kB'");
            assertEquals(List.of(List.of("59999", "x".repeat(100) + "1", "60000")), c.rows(q));
        }
    }

    @Test
    void windowFunctionsSortWithinWorkMemAndHoldOnePartitionAtATime() throws IOException {
        // 60,000 rows of 100 characters do not fit 4 MiB: a window holding all its input in memory fails with 53200
        try (EngineFixture fx = fixture(4L << 20)) {
            final SqlClient c = fx.client();
            final String q = "select count(*), sum(rn), sum(r), max(x), sum(l), min(s) from (select g, repeat('x', 100) || g as x,"
                + " row_number() over (partition by g % 500 order by g desc) as rn, rank() over (order by g % 70) as r,"
                + " lag(g, 2, -1) over (partition by g % 50 order by g) as l, sum(g) over (partition by g / 1000) as s"
                + " from generate_series(1, 60000) g) w";
            c.q("set work_mem = '256kB'");
            assertEquals(List.of(List.of("60000", "3630000", "1774345710", "x".repeat(100) + "9999", "1794034850", "60000")),
                c.rows(q));
            assertEquals(0, files());
            // (the values themselves are checked against PostgreSQL by the differential corpus, spill.sql)
            assertEquals("22012", c.error("select g, row_number() over (partition by 1 / (g - 30000)) from generate_series(1, 60000) g"));
            assertEquals(0, files());
        }
    }

    @Test
    void aWindowPartitionLargerThanTheStatementsMemoryGoesToATemporaryFile() throws IOException {
        // one partition of 60,000 rows of 100 characters does not fit 4 MiB; nor does a group of 30,000 peers
        try (EngineFixture fx = fixture(4L << 20)) {
            final SqlClient c = fx.client();
            final String whole = "select count(*), sum(t), min(lv), max(lg), sum(ld), max(nt), sum(av), min(nv) from (select"
                + " repeat('x', 100) || g as x, sum(g) over () as t,"
                + " last_value(repeat('x', 100) || g) over (order by g rows between unbounded preceding and unbounded following) as lv,"
                + " lag(g, 300) over (order by g) as lg, lead(g, 700, 0) over (order by g) as ld, ntile(7) over (order by g) as nt,"
                + " avg(g) over (order by g rows between 3 preceding and 2 following) as av,"
                + " nth_value(g, 5000) over (order by g desc rows between unbounded preceding and unbounded following) as nv"
                + " from generate_series(1, 60000) g) w";
            final String peers = "select count(*), sum(c), min(m), max(r) from (select repeat('x', 100) || g as x,"
                + " count(*) over (order by g % 2) as c, min(repeat('x', 100) || g) over (order by g % 2) as m,"
                + " percent_rank() over (order by g % 2) as r from generate_series(1, 60000) g) w";
            assertEquals("53200", c.error(whole)); // at work_mem 4MB a partition may hold all the statement's memory
            assertEquals("53200", c.error(peers));
            c.q("set work_mem = '256kB'");
            // the values as PostgreSQL 15 computes them
            assertEquals(List.of(List.of("60000", "108001800000000", "x".repeat(100) + "60000", "59700", "1799784650", "7",
                "1800000001.5000000000000000", "55001")), c.rows(whole));
            assertEquals(List.of(List.of("60000", "2700000000", "x".repeat(100) + "1", "0.5000083334722245")),
                c.rows(peers));
            assertEquals(0, files());
            assertEquals("22014", c.error("select ntile(g - 60000) over (order by g) from generate_series(1, 60000) g"));
            assertEquals(0, files());
        }
    }

    @Test
    void distinctAndSetOperationsPastWorkMemPartitionToDiskAndFitTheStatementsMemory() throws IOException {
        // 60,000 distinct rows of 100 characters do not fit 4 MiB: keys held in memory fail with 53200
        try (EngineFixture fx = fixture(4L << 20)) {
            final SqlClient c = fx.client();
            final String distinct = "select count(*), min(x), max(x) from (select distinct repeat('x', 100) || (g % 60000) as x"
                + " from generate_series(1, 90000) g) d";
            final String union = "select count(*), min(x) from (select repeat('x', 100) || g as x from generate_series(1, 40000) g"
                + " union select repeat('x', 100) || (g * 2) from generate_series(1, 40000) g) u";
            assertEquals("53200", c.error(distinct));
            assertEquals("53200", c.error(union));
            c.q("set work_mem = '256kB'");
            assertEquals(List.of(List.of("60000", "x".repeat(100) + "0", "x".repeat(100) + "9999")), c.rows(distinct));
            assertEquals(List.of(List.of("60000", "x".repeat(100) + "1")), c.rows(union));
            assertEquals(0, files());
            c.q("set work_mem = '4MB'");
            final String except = "select count(*), min(x) from (select repeat('x', 100) || g as x from generate_series(1, 40000) g"
                + " except select repeat('x', 100) || (g * 2) from generate_series(1, 40000) g) e";
            final String intersect = "select count(*), max(x) from (select repeat('x', 100) || (g % 30000) as x from"
                + " generate_series(1, 60000) g intersect all select repeat('x', 100) || (g * 3) from generate_series(1, 40000) g) i";
            assertEquals("53200", c.error(except));
            assertEquals("53200", c.error(intersect));
            c.q("set work_mem = '256kB'");
            assertEquals(List.of(List.of("20000", "x".repeat(100) + "1")), c.rows(except));
            assertEquals(List.of(List.of("9999", "x".repeat(100) + "9999")), c.rows(intersect));
            assertEquals(0, files());
            // DISTINCT ON over its ORDER BY keeps the sort's order and holds no keys
            assertEquals(List.of(List.of("3", "59999"), List.of("2", "59998"), List.of("1", "59997"), List.of("0", "60000")),
                c.rows("select * from (select distinct on (g % 4) g % 4 as k, g from generate_series(1, 60000) g"
                    + " order by g % 4 desc, g desc) d"));
            assertEquals(0, files());
        }
    }

    @Test
    void semiAndAntiJoinsPastWorkMemJoinInBatchesAndFitTheStatementsMemory() throws IOException {
        // 60,000 inner keys or rows of 100 characters do not fit 4 MiB in memory
        try (EngineFixture fx = fixture(4L << 20)) {
            final SqlClient c = fx.client();
            c.q("create table sj_a (id int, x text)");
            c.q("create table sj_b (id int, x text)");
            c.q("insert into sj_a select g, repeat('x', 100) || g from generate_series(1, 30000) g");
            c.q("insert into sj_b select g, case when g = 7 then null else repeat('x', 100) || (g * 2) end"
                + " from generate_series(1, 60000) g");
            c.q("analyze sj_a");
            c.q("analyze sj_b");
            final String in = "select count(*), min(id) from sj_a where x in (select x from sj_b)";
            final String notExists = "select count(*), max(id) from sj_a a where not exists (select 1 from sj_b b where b.x = a.x)";
            final String filtered = "select count(*) from sj_a a where exists (select 1 from sj_b b where b.x = a.x and b.id <> a.id)";
            final String notIn = "select count(*) from sj_a where x not in (select x from sj_b where id <> 7)";
            final String notInNull = "select count(*) from sj_a where x not in (select x from sj_b)";
            final String plan = String.join("\n", c.rows("explain " + in).stream().map(r -> r.get(0)).toList());
            assertTrue(plan.contains("Hash Semi Join"), plan);
            for (final String q : List.of(in, notExists, filtered, notIn)) {
                assertEquals("53200", c.error(q), q);
            }
            c.q("set work_mem = '256kB'");
            assertEquals(List.of(List.of("14999", "2")), c.rows(in)); // 14 is missing: sj_b's row 7 is NULL
            assertEquals(List.of(List.of("15001", "29999")), c.rows(notExists));
            assertEquals(List.of(List.of("14999")), c.rows(filtered));
            assertEquals(List.of(List.of("15001")), c.rows(notIn));
            assertEquals(List.of(List.of("0")), c.rows(notInNull));
            assertEquals(0, files());
        }
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
