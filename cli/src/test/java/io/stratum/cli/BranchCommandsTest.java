package io.stratum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.cluster.LocalCluster;
import io.stratum.engine.http.Json;
import io.stratum.perf.pg.PgClients;
import io.stratum.testkit.TestCluster;
import io.stratum.wal.Lsn;
import io.stratum.wal.TimelineId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code stratum branch ...} as a user runs it, against the whole cluster (testkit's TestCluster, found
 * through its {@code --dir} as {@code stratum start} leaves it): what each command prints (the connection
 * string last, which psql then uses), its exit code for each kind of bad input, and that the data behind
 * each branch is what the command promised.
 */
class BranchCommandsTest {
    record Run(int code, String out, String err) {
        String lastLine() {
            final String[] l = out.trim().split("\n");
            return l[l.length - 1];
        }
    }

    @TempDir
    Path empty;

    private static Run run(final String... args) {
        final CommandLine cl = Main.commandLine();
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        final int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Makes {@code dir} look like a directory that {@code stratum start} runs a cluster in (this process). */
    private static void adopt(final TestCluster c) throws Exception {
        final ProcessHandle me = ProcessHandle.current();
        Files.writeString(c.dir().resolve("cluster.pid"), me.pid() + " "
            + me.info().startInstant().map(Object::toString).orElse("") + "\n");
        LocalCluster.writeDurably(c.dir().resolve(LocalCluster.STATE), c.local().state(me.pid()));
    }

    private static List<Integer> ids(final TestCluster c, final String db) throws SQLException {
        final List<Integer> out = new ArrayList<>();
        try (Connection conn = c.connect(db); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("select id from t order by id")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    /** Runs {@code sql} on {@code db} and waits until the page server has ingested it; answers the LSN after it. */
    private static long exec(final TestCluster c, final String db, final String sql) throws SQLException {
        try (Connection conn = c.connect(db); Statement s = conn.createStatement()) {
            s.execute(sql);
            try (ResultSet rs = s.executeQuery("select pg_current_wal_lsn()")) {
                assertTrue(rs.next());
                final long lsn = Lsn.parse(rs.getString(1));
                final TimelineId tl = TimelineId.parse(LocalCluster.readProperties(c.dir().resolve(LocalCluster.IDS))
                    .getProperty("branch." + db));
                c.local().pageServer().engine().timeline(c.local().tenant(), tl).waitForLsn(lsn, 30_000);
                return lsn;
            }
        }
    }

    /** Waits (bounded) until the wall clock is in a later second than {@code t}: the time index keeps one commit per second. */
    private static void awaitNextSecond(final Instant t) {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (Instant.now().getEpochSecond() <= t.getEpochSecond()) {
            assertTrue(System.nanoTime() < deadline, "the clock did not advance");
            LockSupport.parkNanos(5_000_000L);
        }
    }

    @Test
    void branchCommandsEndToEnd() throws Exception {
        try (TestCluster c = TestCluster.start()) {
            adopt(c);
            final String dir = c.dir().toString();
            exec(c, "main", "create table t (id int primary key, v text)");
            exec(c, "main", "insert into t values (1, 'a'), (2, 'b')");

            final Run create = run("branch", "create", "--dir", dir, "dev");
            assertEquals(0, create.code(), create.err());
            final String devUrl = "postgresql://stratum@127.0.0.1:" + c.port() + "/dev";
            assertEquals(devUrl, create.lastLine());
            final PgClients.Result viaUrl = PgClients.psql("127.0.0.1", c.port(), "stratum", devUrl,
                "insert into t values (10, 'dev');\nselect count(*) from t;\n", 60, "-At");
            assertEquals(0, viaUrl.exitCode(), viaUrl.all());
            assertTrue(viaUrl.stdout().trim().endsWith("3"), viaUrl.all());

            // --pageserver URL: the same API named by its address instead of --dir
            final String http = "http://" + LocalCluster.readProperties(c.dir().resolve(LocalCluster.STATE))
                .getProperty("http");
            final Run remote = run("branch", "list", "--pageserver", http, "--json", "--dir", empty.toString());
            assertEquals(0, remote.code(), remote.err());
            assertTrue(remote.out().contains("\"dev\""), remote.out());
            assertEquals(2, run("branch", "list", "--pageserver", "db1:9898").code(), "not http://HOST:PORT");
            assertEquals(2, run("branch", "list", "--pageserver", http + "/v1").code(), "a path");

            // bad input: distinct exit codes, nothing changed
            final byte[] idsBefore = Files.readAllBytes(c.dir().resolve(LocalCluster.IDS));
            assertEquals(4, run("branch", "create", "--dir", dir, "dev").code());
            assertEquals(3, run("branch", "create", "--dir", dir, "x", "--from", "nosuch").code());
            final Run future = run("branch", "create", "--dir", dir, "x", "--at", "2999-01-01T00:00:00Z");
            assertEquals(9, future.code());
            assertTrue(future.err().contains("time is in the future"), future.err());
            final Run old = run("branch", "create", "--dir", dir, "x", "--at", "0/10");
            assertEquals(9, old.code());
            assertTrue(old.err().contains("the oldest point still available is 0/1000000"), old.err());
            final Run ahead = run("branch", "create", "--dir", dir, "x", "--at", "FFFF/0");
            assertEquals(9, ahead.code(), "an LSN past the end: " + ahead.err());
            final Run early = run("branch", "create", "--dir", dir, "x", "--at", "2020-01-01T00:00:00Z");
            assertEquals(9, early.code(), "a time before the window: " + early.err());
            assertTrue(early.err().contains("the oldest point still available is"), early.err());
            assertEquals(2, run("branch", "create", "--dir", dir, "x", "--at", "yesterday").code());
            assertEquals(2, run("branch", "delete", "--dir", dir, "main").code());
            assertEquals(3, run("branch", "reset", "--dir", dir, "nosuch").code());
            assertEquals(new String(idsBefore), new String(Files.readAllBytes(c.dir().resolve(LocalCluster.IDS))));
            assertEquals(13, run("branch", "list", "--dir", empty.toString()).code(), "no cluster runs there");

            // --at TIME, and main@TIME reads the same state
            final Instant afterA = Instant.now();
            awaitNextSecond(afterA);
            final Instant t = Instant.now();
            awaitNextSecond(t);
            exec(c, "main", "insert into t values (3, 'c')");
            final Run past = run("branch", "create", "--dir", dir, "past", "--at", t.toString());
            assertEquals(0, past.code(), past.err());
            assertEquals(List.of(1, 2), ids(c, "past"));
            assertEquals(List.of(1, 2), ids(c, "main@" + t));
            assertEquals(List.of(1, 2, 3), ids(c, "main"));

            // list: the tree and JSON
            final Run list = run("branch", "list", "--dir", dir);
            assertEquals(0, list.code(), list.err());
            assertTrue(list.out().contains("\n  dev "), list.out());
            final Map<String, Object> dev = Json.parseArray(run("branch", "list", "--dir", dir, "--json").out()).stream()
                .filter(b -> "dev".equals(b.get("name"))).findFirst().orElseThrow();
            assertEquals("main", dev.get("parent"));
            assertEquals(devUrl, dev.get("connection"));

            // protect, reset, restore
            assertEquals(0, run("branch", "protect", "--dir", dir, "dev").code());
            assertEquals(12, run("branch", "reset", "--dir", dir, "dev").code());
            assertEquals(List.of(1, 2, 10), ids(c, "dev"), "a refused reset changes nothing");
            final byte[] idsProtected = Files.readAllBytes(c.dir().resolve(LocalCluster.IDS));
            assertEquals(12, run("branch", "delete", "--dir", dir, "dev").code(), "protected: no delete");
            assertEquals(12, run("branch", "restore", "--dir", dir, "dev", "--to", t.toString()).code(),
                "protected: no restore");
            assertEquals(new String(idsProtected), new String(Files.readAllBytes(c.dir().resolve(LocalCluster.IDS))),
                "refused operations on a protected branch change no name");
            assertEquals(List.of(1, 2, 10), ids(c, "dev"), "nor its data");
            assertEquals(0, run("branch", "unprotect", "--dir", dir, "dev").code());
            final Run reset = run("branch", "reset", "--dir", dir, "dev");
            assertEquals(0, reset.code(), reset.err());
            assertTrue(reset.out().contains("old state kept as branch dev_old_"), reset.out());
            assertEquals(devUrl, reset.lastLine());
            assertEquals(List.of(1, 2, 3), ids(c, "dev"));
            final long before = exec(c, "dev", "insert into t values (20, 'x')");
            exec(c, "dev", "insert into t values (30, 'y')");
            final Run restore = run("branch", "restore", "--dir", dir, "dev", "--to", Lsn.format(before));
            assertEquals(0, restore.code(), restore.err());
            assertEquals(List.of(1, 2, 3, 20), ids(c, "dev"));
            final String backup = restore.out().lines().filter(l -> l.startsWith("old state kept as branch "))
                .findFirst().orElseThrow().split(" ")[5];
            assertEquals(List.of(1, 2, 3, 20, 30), ids(c, backup));
            assertEquals(12, run("branch", "delete", "--dir", dir, backup).code(), "it has a child: dev");
            final Run gone = run("branch", "delete", "--dir", dir, backup, "--recursive");
            assertEquals(0, gone.code(), gone.err());
            assertTrue(gone.out().contains("deleted branch dev "), gone.out());
        }
    }

    private static Map<String, Object> listed(final String dir, final String name) {
        final Run r = run("branch", "list", "--dir", dir, "--json");
        assertEquals(0, r.code(), r.err());
        return Json.parseArray(r.out()).stream().filter(b -> name.equals(b.get("name"))).findFirst().orElseThrow();
    }

    private static long size(final Map<String, Object> b, final String field) {
        return ((Number) b.get(field)).longValue();
    }

    @Test
    void listShowsLogicalSizeAndBranchOnlyBytesThatGrowOnlyOnTheBranchWritten() throws Exception {
        try (TestCluster c = TestCluster.start()) {
            adopt(c);
            final String dir = c.dir().toString();
            exec(c, "main", "create table t (id int primary key, v text)");
            exec(c, "main", "insert into t select g, repeat('m', 100) from generate_series(1, 500) g");
            assertEquals(0, run("branch", "create", "--dir", dir, "dev").code());
            exec(c, "dev", "select 1"); // the compute opens dev (and writes what a new writer writes)
            final Map<String, Object> main0 = listed(dir, "main");
            final Map<String, Object> dev0 = listed(dir, "dev");
            assertTrue(size(main0, "logical_size") >= 500 * 100, "at least the rows: " + main0);
            assertEquals(0, size(main0, "logical_size") % 8192, "whole pages: " + main0);

            exec(c, "dev", "insert into t select g, repeat('d', 200) from generate_series(1001, 3000) g");
            final Map<String, Object> main1 = listed(dir, "main");
            final Map<String, Object> dev1 = listed(dir, "dev");
            assertTrue(size(dev1, "logical_size") >= size(dev0, "logical_size") + 2000 * 200,
                "dev grew by its rows at least: " + dev0 + " -> " + dev1);
            assertTrue(size(dev1, "branch_only_bytes") > size(dev0, "branch_only_bytes"), dev0 + " -> " + dev1);
            assertEquals(size(main0, "logical_size"), size(main1, "logical_size"), "main did not change");
            assertEquals(size(main0, "branch_only_bytes"), size(main1, "branch_only_bytes"), "main did not change");

            exec(c, "main", "insert into t select g, repeat('m', 100) from generate_series(501, 1500) g");
            final Map<String, Object> main2 = listed(dir, "main");
            final Map<String, Object> dev2 = listed(dir, "dev");
            assertTrue(size(main2, "logical_size") > size(main1, "logical_size"), main1 + " -> " + main2);
            assertEquals(size(dev1, "logical_size"), size(dev2, "logical_size"), "dev did not change");
            assertEquals(size(dev1, "branch_only_bytes"), size(dev2, "branch_only_bytes"), "dev did not change");

            final Run table = run("branch", "list", "--dir", dir);
            assertTrue(table.out().contains("branch-only")
                && (table.out().contains(" MiB") || table.out().contains(" KiB")), table.out());
            final Map<String, Object> created = Json.parseObject(BranchCommandsTest.api(c, "GET", "dev"));
            assertEquals(size(dev2, "logical_size"), size(created, "logical_size"), "GET /v1/branch/NAME too");
        }
    }

    private static String api(final TestCluster c, final String method, final String name) throws Exception {
        final java.net.HttpURLConnection h = (java.net.HttpURLConnection) new java.net.URL("http://127.0.0.1:"
            + c.local().httpPort() + "/v1/branch/" + name).openConnection();
        h.setRequestMethod(method);
        try (java.io.InputStream in = h.getInputStream()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
