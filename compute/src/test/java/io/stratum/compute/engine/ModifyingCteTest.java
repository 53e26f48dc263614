package io.stratum.compute.engine;

import static io.stratum.compute.engine.SqlClient.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.stratum.compute.session.Portal;
import io.stratum.compute.session.PreparedStatement;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-modifying statements in WITH (the differential corpus dml-with.sql compares them with PostgreSQL 15; these
 * run without it, and through the extended protocol with a suspended portal).
 */
class ModifyingCteTest {
    @TempDir
    Path dir;
    EngineFixture fx;
    SqlClient c;

    @BeforeEach
    void setUp() {
        fx = new EngineFixture(dir);
        c = fx.client();
        c.q("create table t (id int primary key, v int not null check (v >= 0))");
        c.q("create table log (id int, v int, op text)");
        c.q("insert into t values (1, 10), (2, 20), (3, 30)");
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void movesRowsAndTheMainStatementSeesTheSnapshotBefore() {
        final SqlClient.Result r = c.q("with d as (delete from t where id = 3 returning *) insert into log select id, v, 'moved' from d");
        assertEquals("INSERT 0 1", r.tag());
        assertEquals(List.of(row("1", "10"), row("2", "20")), c.rows("select * from t order by id"));
        assertEquals(List.of(row("3", "30", "moved")), c.rows("select * from log"));
        // the main query reads the table as it was: the CTE's new row shows only through RETURNING
        assertEquals(List.of(row("2", "40")), c.rows("with i as (insert into t values (4, 40) returning v) "
            + "select (select count(*) from t), (select sum(v) from i)"));
        assertEquals(List.of(row("1", "11", "10"), row("2", "21", "20")), c.rows("with u as (update t set v = v + 1 where id < 3 "
            + "returning id, v) select u.id, u.v, t.v from u join t using (id) order by id"));
        // the main DELETE does not see the row its CTE inserts; its tag is its own
        assertEquals("DELETE 0", c.q("with i as (insert into t values (5, 50)) delete from t where id = 5").tag());
        // rows 1, 2, 4 and the 5 the DELETE could not see
        assertEquals("4", c.one("select count(*) from t"));
    }

    @Test
    void runsOnceAndToItsEndWhateverIsRead() {
        assertEquals(List.of(row("1")), c.rows("with u as (update t set v = v + 1 returning id) select id from u order by id limit 1"));
        assertEquals(List.of(row("11"), row("21"), row("31")), c.rows("select v from t order by id"));
        assertEquals(List.of(row("x")), c.rows("with d as (delete from t where id = 1 returning id) select 'x'"));
        assertEquals(List.of(), c.rows("with d as (delete from t where id = 2) select 1 where false"));
        assertEquals(List.of(row("3")), c.rows("select id from t"));
        assertEquals(List.of(row("2")), c.rows("with i as (insert into log values (1, 1, 'once') returning id) "
            + "select (select count(*) from i) + (select count(*) from i)"));
        assertEquals("1", c.one("select count(*) from log"));
    }

    @Test
    void aSuspendedPortalHasAlreadyRunTheWholeCte() {
        final PreparedStatement ps = c.session.prepare("with u as (update t set v = v + $1 returning id) select id from u",
            List.of(PgType.INT4));
        final List<Object[]> got = new ArrayList<>();
        c.q("begin");
        try (Portal p = c.session.bind(ps, new Object[] {100})) {
            assertFalse(p.execute(1, got::add), "suspended after one row");
        }
        c.q("commit");
        assertEquals(1, got.size());
        assertEquals(List.of(row("110"), row("120"), row("130")), c.rows("select v from t order by id"));
    }

    @Test
    void copyAndExplainAnalyzeRunThemToo() {
        // export and purge in one statement, as with PostgreSQL
        assertEquals(List.of(row("1\t10\n"), row("2\t20\n")), c.rows("copy (with d as (delete from t where id < 3 returning *) "
            + "select * from d order by id) to stdout"));
        assertEquals("1", c.one("select count(*) from t"));
        c.q("explain analyze with i as (insert into log values (5, 5, 'explained')) select 1");
        c.q("explain analyze with d as (delete from t returning id) select * from d");
        assertEquals("1", c.one("select count(*) from log"));
        assertEquals("0", c.one("select count(*) from t"));
    }

    @Test
    void parametersAndChainsThroughTheExtendedProtocol() {
        final SqlClient.Result r = c.x("with d as (delete from t where id = $1 returning *) insert into log select id, v, $2 "
            + "from d returning id, op", 2, "param");
        assertEquals("INSERT 0 1", r.tag());
        assertEquals(List.of(row("2", "param")), r.rows());
        assertEquals(List.of(row("2")), c.x("with a as (insert into t values ($1, 1), ($2, 1) returning id), "
            + "b as (insert into log select id, 0, 'chain' from a returning *) select count(*) from b", 7, 8).rows());
        assertEquals(List.of(row("7"), row("8")), c.rows("select id from log where op = 'chain' order by id"));
        assertEquals(List.of(row("1"), row("3"), row("7"), row("8")), c.rows("select id from t order by id"));
    }

    @Test
    void laterCtesNobodyReadsRunAfterTheMainStatementLastFirst() {
        c.q("create sequence s");
        c.q("create table q (n bigint, src text)");
        c.q("with a as (insert into q values (nextval('s'), 'a')), b as (insert into q values (nextval('s'), 'b')) "
            + "insert into q values (nextval('s'), 'main')");
        c.q("with a as (insert into q values (nextval('s'), 'a2') returning n) insert into q select nextval('s'), 'main2' from a");
        assertEquals(List.of(row("1", "main"), row("2", "b"), row("3", "a"), row("4", "a2"), row("5", "main2")),
            c.rows("select * from q order by n"));
        // both change one row: the main UPDATE runs first when nothing reads the CTE, the CTE first when read
        assertEquals("UPDATE 1", c.q("with a as (update t set v = 1 where id = 1) update t set v = 2 where id = 1").tag());
        assertEquals("2", c.one("select v from t where id = 1"));
        assertEquals("UPDATE 0", c.q("with a as (update t set v = 7 where id = 1 returning id) update t set v = 8 "
            + "where id in (select id from a)").tag());
        assertEquals("7", c.one("select v from t where id = 1"));
    }

    @Test
    void foreignKeysAreCheckedAfterTheWholeStatement() {
        c.q("create table parent (id int primary key)");
        c.q("create table child (id int primary key, p int references parent)");
        assertEquals("INSERT 0 1", c.q("with p as (insert into parent values (2)) insert into child values (20, 2)").tag());
        assertEquals("23503", c.error("with x as (insert into child values (30, 3) returning *) select * from x"));
        assertEquals("23503", c.error("with d as (delete from parent where id = 2 returning *) select * from d"));
        assertEquals(List.of(row("2")), c.rows("with d as (delete from child where p = 2 returning p) "
            + "delete from parent where id in (select p from d) returning id"));
        assertEquals("0", c.one("select count(*) from parent"));
    }

    @Test
    void errorsRollBackEveryPart() {
        assertEquals("23514", c.error("with i as (insert into log values (9, 9, 'lost') returning id) insert into t values (9, -1)"));
        assertEquals("23505", c.error("with a as (insert into t values (9, 1)), b as (insert into t values (9, 2)) select 1"));
        assertEquals("0", c.one("select count(*) from log"));
        assertEquals("3", c.one("select count(*) from t"));
    }

    @Test
    void whereADataModifyingCteMayStand() {
        assertError("0A000", "WITH query \"i\" does not have a RETURNING clause",
            "with i as (insert into t values (9, 9)) select * from i");
        final String top = "WITH clause containing a data-modifying statement must be at the top level";
        assertError("0A000", top, "select * from (with d as (delete from t returning *) select * from d) s");
        assertError("0A000", top, "select (with d as (delete from t returning id) select count(*) from d)");
        assertError("0A000", top, "insert into log with d as (delete from t returning id, v, 'x') select * from d");
        assertError("0A000", top, "with a as (with d as (delete from t returning *) select * from d) select * from a");
        assertError("42P19", "recursive query \"d\" must not contain data-modifying statements",
            "with recursive d as (delete from t where id in (select id from d) returning id) select * from d");
        assertError("0A000", "views must not contain data-modifying statements in WITH",
            "create view v as with d as (delete from t returning *) select * from d");
        assertError("42P10", "WITH query \"d\" has 1 columns available but 2 columns specified",
            "with d (a, b) as (delete from t returning id) select * from d");
        c.q("begin read only");
        assertError("25006", "cannot execute SELECT in a read-only transaction",
            "with d as (delete from t returning *) select count(*) from d");
        c.q("rollback");
        // a CTE named as the target table does not hide it
        assertEquals(List.of(row("1")), c.rows("with t as (select 1 as id) delete from t where id in (select id from t) returning id"));
        assertEquals("2", c.one("select count(*) from t"));
    }

    private void assertError(final String state, final String message, final String sql) {
        final SqlException e = c.exception(sql);
        assertEquals(state, e.sqlState(), sql);
        assertEquals(message, e.getMessage(), sql);
    }
}
