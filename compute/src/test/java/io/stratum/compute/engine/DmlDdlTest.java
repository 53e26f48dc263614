package io.stratum.compute.engine;

import static io.stratum.compute.engine.SqlClient.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.session.SqlException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DDL and DML round trips, constraints, sequences, COPY, prepared statements, read-only sessions. */
class DmlDdlTest {
    @TempDir
    Path dir;
    EngineFixture fx;
    SqlClient c;

    @BeforeEach
    void setUp() {
        fx = new EngineFixture(dir);
        c = fx.client();
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void insertUpdateDeleteReturning() {
        c.q("create table t (id serial primary key, name varchar(5) not null, n int default 7, c char(3))");
        assertEquals(List.of(row("1", "a", "7"), row("2", "b", "7")),
            c.rows("insert into t (name) values ('a'), ('b') returning id, name, n"));
        assertEquals("INSERT 0 2", c.q("insert into t (name, n) values ('c', 1), ('d', default)").tag());
        assertEquals("UPDATE 2", c.q("update t set n = n + 10 where id <= 2").tag());
        assertEquals(List.of("17", "17", "1", "7"), c.q("select n from t order by id").column(0));
        assertEquals(List.of(row("4", "d")), c.rows("delete from t where id = 4 returning id, name"));
        assertEquals("DELETE 0", c.q("delete from t where id = 99").tag());
        assertEquals("3", c.one("select count(*) from t"));
        final SqlException nn = c.exception("insert into t (name) values (null)");
        assertEquals("23502", nn.sqlState());
        assertEquals("null value in column \"name\" of relation \"t\" violates not-null constraint", nn.getMessage());
        final SqlException dup = c.exception("insert into t (id, name) values (1, 'x')");
        assertEquals("23505", dup.sqlState());
        assertEquals("duplicate key value violates unique constraint \"t_pkey\"", dup.getMessage());
        assertEquals("Key (id)=(1) already exists.", dup.detail());
        assertEquals("22001", c.error("insert into t (name) values ('toolong')"));
        assertEquals("INSERT 0 0", c.q("insert into t (id, name) values (1, 'x') on conflict do nothing").tag());
        c.q("insert into t (name, c) values ('p', 'ab')");
        assertEquals("ab ", c.one("select c from t where name = 'p'"));
        assertEquals("INSERT 0 3", c.q("insert into t (name) select name || 'x' from t where id < 4").tag());
        assertTrue(Long.parseLong(c.one("select currval('t_id_seq')")) >= 8);
        assertEquals("100", c.one("select setval('t_id_seq', 100)"));
        assertEquals("101", c.one("select nextval('t_id_seq')"));
    }

    @Test
    void ddl() {
        c.q("create table a (x int, y text) with (fillfactor=100)");
        assertEquals("CREATE TABLE", c.q("create table if not exists a (x int)").tag());
        assertEquals("42P07", c.notices.get(c.notices.size() - 1).sqlState());
        assertEquals("42P07", c.error("create table a (z int)"));
        c.q("insert into a values (1, 'one'), (2, 'two')");
        assertEquals("ALTER TABLE", c.q("alter table a add primary key (x)").tag());
        assertEquals("23505", c.error("insert into a values (1, 'again')"));
        c.q("alter table a add column z int default 5");
        assertEquals(List.of("5", "5"), c.q("select z from a order by x").column(0));
        assertEquals("CREATE INDEX", c.q("create index a_y_idx on a (y)").tag());
        assertEquals("one", c.one("select y from a where y = 'one'"));
        assertEquals("DROP INDEX", c.q("drop index a_y_idx").tag());
        assertEquals("TRUNCATE TABLE", c.q("truncate a").tag());
        assertEquals("0", c.one("select count(*) from a"));
        assertEquals("DROP TABLE", c.q("drop table a").tag());
        assertEquals("DROP TABLE", c.q("drop table if exists a").tag());
        assertEquals("42P01", c.error("drop table a"));
        assertEquals("CREATE SCHEMA", c.q("create schema s").tag());
        c.q("create table s.t (v int)");
        c.q("insert into s.t values (1)");
        assertEquals("1", c.one("select v from s.t"));
        c.q("set search_path = s, public");
        assertEquals("1", c.one("select v from t"));
        assertEquals("CREATE SEQUENCE", c.q("create sequence q start 10").tag());
        assertEquals("10", c.one("select nextval('q')"));
        c.q("begin");
        c.q("create table tx (v int)");
        c.q("insert into tx values (1)");
        c.q("rollback");
        assertEquals("42P01", c.error("select * from tx"));
        c.q("create table chk (v int check (v > 0))");
        assertEquals("23514", c.error("insert into chk values (-1)"));
        assertEquals("VACUUM", c.q("vacuum").tag());
        assertEquals("CHECKPOINT", c.q("checkpoint").tag());
        assertEquals("LISTEN", c.q("listen x").tag());
    }

    @Test
    void copyInAndOut() {
        c.q("create table p (id int primary key, name text, v numeric)");
        assertEquals("COPY 3", c.copyIn("copy p from stdin", "1\ta\t1.5\n2\t\\N\t2", "\n3\tc\\td\t3\n\\.\n"));
        assertEquals(List.of(row("1", "a", "1.5"), row("2", null, "2"), row("3", "c\td", "3")), c.rows("select * from p order by id"));
        final SqlClient.Result out = c.q("copy p to stdout");
        assertEquals("COPY 3", out.tag());
        assertTrue(out.column(0).contains("2\t\\N\t2\n"), out.rows().toString());
        assertTrue(out.column(0).contains("3\tc\\td\t3\n"), out.rows().toString());
        assertEquals("COPY 2", c.copyIn("copy p (id, name) from stdin with (format csv)", "4,\"x,y\"\n5,\n"));
        assertEquals(row("x,y", null), c.rows("select name, v from p where id = 4").get(0));
        assertEquals(List.of(row("5,,\n")), c.q("copy (select id, name, v from p where id = 5) to stdout with csv").rows());
        // a quoted newline and a row split across CopyData messages, in the middle of a quoted value
        assertEquals("COPY 2", c.copyIn("copy p (id, name) from stdin with (format csv)", "6,\"multi\nli", "ne\"\n7,z\n"));
        assertEquals(List.of(row("6", "multi\nline"), row("7", "z")), c.rows("select id, name from p where id >= 6 order by id"));
    }

    @Test
    void preparedStatementsAndPlanCache() {
        c.q("create table t (id int primary key, v int)");
        c.q("insert into t select g, g * 10 from generate_series(1, 100) g");
        assertEquals("PREPARE", c.q("prepare q (int) as select v from t where id = $1").tag());
        assertEquals("50", c.one("execute q(5)"));
        assertEquals("DEALLOCATE", c.q("deallocate q").tag());
        assertEquals("26000", c.error("execute q(5)"));
        for (int i = 1; i <= 10; i++) {
            assertEquals(String.valueOf(i * 10), c.x("select v from t where id = $1", i).scalar());
        }
        c.q("alter table t add column w int default 1");
        assertEquals("10", c.x("select v from t where id = $1", 1).scalar());
        assertEquals("DISCARD ALL", c.q("discard all").tag());
    }

    @Test
    void readOnlySessionFailsWrites() {
        c.q("create table t (id int)");
        final SqlClient ro = new SqlClient(fx.engine.open(fx.store, "stratum", "main", true, Map.of()));
        final SqlException e = ro.exception("insert into t values (1)");
        assertEquals("25006", e.sqlState());
        assertEquals("cannot execute INSERT in a read-only transaction", e.getMessage());
        assertEquals("0", ro.one("select count(*) from t"));
        assertEquals("on", ro.one("show default_transaction_read_only"));
        c.q("begin read only");
        assertEquals("25006", c.error("delete from t"));
        c.q("rollback");
        ro.session.close();
    }

    @Test
    void memoryLimit() {
        final EngineFixture small = new EngineFixture(dir.resolve("small"), SqlEngineConfig.builder().maxStatementMemory(1 << 20).build());
        try {
            final SqlClient s = small.client();
            assertEquals("53200", s.error("select g, repeat('x', 100) from generate_series(1, 100000) g order by 2, 1"));
            assertEquals("1", s.one("select 1"));
        } finally {
            small.close();
        }
    }

    @Test
    void statementTimeout() {
        c.q("set statement_timeout = 100");
        final SqlException e = c.exception("select pg_sleep(5)");
        assertEquals("57014", e.sqlState());
        assertEquals("canceling statement due to statement timeout", e.getMessage());
        c.q("set statement_timeout = 0");
        assertEquals("1", c.one("select 1"));
    }
}
