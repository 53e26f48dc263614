package io.stratum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.cluster.LocalCluster;
import io.stratum.testkit.TestCluster;
import io.stratum.wal.Lsn;
import io.stratum.wal.TimelineId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code stratum branch diff} and {@code merge} as a user runs them against the whole cluster: counts, rows
 * and the migration DDL of a diff; a fast-forward merge; a three-way merge with a conflicting cell refused
 * (exit 12, nothing changed) and then resolved with --theirs; bad input with its exit code.
 */
class BranchDiffCommandsTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path empty;

    record Run(int code, String out, String err) {
    }

    static Run run(final String... args) {
        final CommandLine cl = Main.commandLine();
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        final int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static void adopt(final TestCluster c) throws Exception {
        final ProcessHandle me = ProcessHandle.current();
        Files.writeString(c.dir().resolve("cluster.pid"), me.pid() + " "
            + me.info().startInstant().map(Object::toString).orElse("") + "\n");
        LocalCluster.writeDurably(c.dir().resolve(LocalCluster.STATE), c.local().state(me.pid()));
    }

    /** Runs {@code sql} on {@code db} and waits until the page server has ingested it. */
    static void exec(final TestCluster c, final String db, final String... sql) throws SQLException {
        try (Connection conn = c.connect(db); Statement s = conn.createStatement()) {
            for (final String q : sql) {
                s.execute(q);
            }
            try (ResultSet rs = s.executeQuery("select pg_current_wal_lsn()")) {
                assertTrue(rs.next());
                final long lsn = Lsn.parse(rs.getString(1));
                final TimelineId tl = TimelineId.parse(LocalCluster.readProperties(c.dir().resolve(LocalCluster.IDS))
                    .getProperty("branch." + db));
                c.local().pageServer().engine().timeline(c.local().tenant(), tl).waitForLsn(lsn, 30_000);
            }
        }
    }

    /** Every row of {@code query} on {@code db}, each as its columns' text joined by '|'. */
    static List<String> rows(final TestCluster c, final String db, final String query) throws SQLException {
        final List<String> out = new ArrayList<>();
        try (Connection conn = c.connect(db); Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(query)) {
            final ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                final StringBuilder b = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    b.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    @Test
    void diffThenFastForwardThenConflict() throws Exception {
        try (TestCluster c = TestCluster.start()) {
            adopt(c);
            final String dir = c.dir().toString();
            exec(c, "main", "create table orders (id int primary key, item text, qty int)",
                "insert into orders values (1, 'apple', 1), (2, 'pear', 2), (3, 'fig', 3)");
            assertEquals(0, run("branch", "create", "--dir", dir, "dev").code());
            exec(c, "dev", "alter table orders add column note text", "update orders set qty = 20 where id = 2",
                "delete from orders where id = 3", "insert into orders values (4, 'kiwi', 4, 'new')");

            final Run diff = run("branch", "diff", "--dir", dir, "main", "dev");
            assertEquals(0, diff.code(), diff.err());
            assertTrue(diff.out().contains("add column orders note text"), diff.out());
            assertTrue(diff.out().matches("(?s).*orders\\s+1\\s+1\\s+1\\n.*"), diff.out());
            final Run sql = run("branch", "diff", "--dir", dir, "main", "dev", "--sql");
            assertEquals("ALTER TABLE public.orders ADD COLUMN note text;\n", sql.out());
            final Run withRows = run("branch", "diff", "--dir", dir, "main", "dev", "--rows");
            assertTrue(withRows.out().contains("modified  from (id=2, item=pear, qty=2) to (id=2, item=pear, qty=20,"
                + " note=NULL)"), withRows.out());
            assertEquals(3, run("branch", "diff", "--dir", dir, "main", "nosuch").code());

            final List<String> before = rows(c, "main", "select * from orders order by id");
            final Run dry = run("branch", "merge", "--dir", dir, "dev", "--dry-run");
            assertEquals(0, dry.code(), dry.err());
            assertTrue(dry.out().contains("fast-forward"), dry.out());
            assertEquals(before, rows(c, "main", "select * from orders order by id"), "a dry run changes nothing");
            final Run ff = run("branch", "merge", "--dir", dir, "dev");
            assertEquals(0, ff.code(), ff.out() + ff.err());
            assertTrue(ff.out().contains("applied in one transaction on main"), ff.out());
            assertEquals(rows(c, "dev", "select * from orders order by id"),
                rows(c, "main", "select * from orders order by id"));
            assertEquals(List.of(), rows(c, "main", "select 1 where false"));

            // both sides change the same cell: a conflict, nothing applied, then --theirs
            assertEquals(0, run("branch", "create", "--dir", dir, "dev2").code());
            exec(c, "dev2", "update orders set qty = 100 where id = 1", "update orders set item = 'plum' where id = 4");
            exec(c, "main", "update orders set qty = 50 where id = 1", "update orders set note = 'n' where id = 2");
            final List<String> main = rows(c, "main", "select * from orders order by id");
            final Run refused = run("branch", "merge", "--dir", dir, "dev2");
            assertEquals(12, refused.code(), refused.out() + refused.err());
            assertTrue(refused.out().matches("(?s).*orders\\s+id=1\\s+qty\\s+1\\s+50\\s+100.*"), refused.out());
            assertEquals(main, rows(c, "main", "select * from orders order by id"), "a refused merge changes nothing");
            final Run theirs = run("branch", "merge", "--dir", dir, "dev2", "--theirs");
            assertEquals(0, theirs.code(), theirs.out() + theirs.err());
            assertEquals(List.of("1|apple|100|null", "2|pear|20|n", "4|plum|4|new"),
                rows(c, "main", "select * from orders order by id"));

            // a table without a primary key is refused
            exec(c, "main", "create table log (msg text)");
            assertEquals(0, run("branch", "create", "--dir", dir, "dev3").code());
            exec(c, "dev3", "insert into log values ('x')");
            exec(c, "main", "insert into orders values (9, 'x', 9, null)");
            final Run nopk = run("branch", "merge", "--dir", dir, "dev3");
            assertEquals(2, nopk.code(), nopk.out() + nopk.err());
            assertTrue(nopk.err().contains("without a primary key"), nopk.err());
            assertEquals(List.of(), rows(c, "main", "select * from log"));
            final Map<String, Object> d = JsonTree.parseObject(run("branch", "diff", "--dir", dir, "main", "dev3",
                "--json").out());
            assertEquals("main", d.get("from"));

            // bad input: each its exit code, nothing changed
            final List<String> now = rows(c, "main", "select * from orders order by id");
            assertEquals(3, run("branch", "merge", "--dir", dir, "nosuch").code());
            assertEquals(3, run("branch", "merge", "--dir", dir, "dev", "--into", "nosuch").code());
            final Run root = run("branch", "merge", "--dir", dir, "main");
            assertEquals(2, root.code());
            assertTrue(root.err().contains("no named parent"), root.err());
            assertEquals(2, run("branch", "merge", "--dir", dir, "dev", "--into", "dev").code());
            assertEquals(2, run("branch", "merge", "--dir", dir, "dev", "--ours", "--theirs").code(), "usage");
            assertEquals(13, run("branch", "diff", "--dir", empty.toString(), "main", "dev").code(), "not running");
            assertEquals(now, rows(c, "main", "select * from orders order by id"));

            // both sides change the schema of a table differently: refused
            assertEquals(0, run("branch", "create", "--dir", dir, "dev4").code());
            exec(c, "dev4", "alter table orders add column a int");
            exec(c, "main", "alter table orders add column b int");
            final Run schema = run("branch", "merge", "--dir", dir, "dev4");
            assertEquals(12, schema.code(), schema.out() + schema.err());
            assertTrue(schema.err().contains("both branches changed the schema of a table"), schema.err());
        }
    }

    /** The migration DDL of schema changes the compute now runs (drop / retype columns, defaults, NOT NULL, FOREIGN KEYs). */
    @Test
    void diffSqlOfAlteredTablesRunsOnTheOtherBranch() throws Exception {
        try (TestCluster c = TestCluster.start()) {
            adopt(c);
            final String dir = c.dir().toString();
            exec(c, "main", "create table cust (id int primary key, name text)",
                "create table ord (id int primary key, cid int, qty int, note text)",
                "insert into cust values (1, 'a')", "insert into ord values (1, 1, 2, 'x')");
            assertEquals(0, run("branch", "create", "--dir", dir, "dev").code());
            exec(c, "dev", "alter table ord drop column note", "alter table ord alter column qty type bigint",
                "alter table ord alter column qty set default 1", "alter table ord alter column cid set not null",
                "alter table ord add constraint ord_cid_fkey foreign key (cid) references cust (id)",
                "create table line (id int primary key, oid int references ord on delete cascade)");
            final Run sql = run("branch", "diff", "--dir", dir, "main", "dev", "--sql");
            assertEquals(0, sql.code(), sql.err());
            assertTrue(sql.out().contains("DROP COLUMN note"), sql.out());
            assertTrue(sql.out().contains("FOREIGN KEY"), sql.out());
            exec(c, "main", sql.out().split(";\n"));
            final String columns = "select table_name, column_name, data_type, is_nullable, column_default "
                + "from information_schema.columns where table_schema = 'public' order by 1, 2";
            assertEquals(rows(c, "dev", columns), rows(c, "main", columns));
            final String fks = "select conname, pg_get_constraintdef(oid) from pg_constraint where contype = 'f' order by 1";
            assertEquals(rows(c, "dev", fks), rows(c, "main", fks));
            assertEquals(List.of("1|1|2"), rows(c, "main", "select * from ord"));
        }
    }

    /** A diff over hundreds of changed blocks (scanned block by block at both heads) counts what a full read counts. */
    @Test
    void aDiffOfManyChangedBlocksAgreesWithAFullRead() throws Exception {
        try (TestCluster c = TestCluster.start()) {
            adopt(c);
            final String dir = c.dir().toString();
            exec(c, "main", "create table big (id int primary key, pad text)",
                "insert into big select g, repeat('p', 150) || g from generate_series(1, 40000) g");
            assertEquals(0, run("branch", "create", "--dir", dir, "dev").code());
            exec(c, "dev", "update big set pad = pad || 'x' where id % 97 = 0", "delete from big where id % 101 = 0",
                "insert into big select g, 'new' from generate_series(40001, 40300) g");
            final Run paged = run("branch", "diff", "--dir", dir, "main", "dev", "--json");
            final Run full = run("branch", "diff", "--dir", dir, "main", "dev", "--json", "--full");
            assertEquals(0, paged.code(), paged.err());
            assertEquals(0, full.code(), full.err());
            // 412 updated, 4 of them (multiples of 9797) deleted too; 396 deleted; 300 inserted
            final String counts = "\"added\":300,\"modified\":408,\"removed\":396";
            assertTrue(paged.out().contains(counts), paged.out());
            assertTrue(full.out().contains(counts), full.out());
            final java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"read\":\"(\\d+) changed pages\"")
                .matcher(paged.out());
            assertTrue(m.find(), paged.out());
            assertTrue(Integer.parseInt(m.group(1)) >= 256, "changed pages " + m.group(1));
        }
    }
}
