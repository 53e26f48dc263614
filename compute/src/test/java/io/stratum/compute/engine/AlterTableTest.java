package io.stratum.compute.engine;

import static io.stratum.compute.engine.SqlClient.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratum.compute.session.SqlException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ALTER TABLE: drop / rename / retype columns, defaults, NOT NULL, constraints; transactional. */
class AlterTableTest {
    @TempDir
    Path dir;
    EngineFixture fx;
    SqlClient c;

    @BeforeEach
    void setUp() {
        fx = new EngineFixture(dir);
        c = fx.client();
        c.q("create table t (id int primary key, a text, b int check (b > 0), c numeric(6,2))");
        c.q("insert into t values (1, 'x', 5, 1.5), (2, 'y', 7, null)");
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void droppedColumnsKeepTheirAttnumAndOldRowsStillDecode() {
        c.q("create index t_b_idx on t (b)");
        c.q("alter table t drop column b");
        assertEquals(List.of(row("1", "x", "1.50"), row("2", "y", null)), c.rows("select * from t order by id"));
        assertEquals(List.of(row("id", "1", "f"), row("a", "2", "f"), row("........pg.dropped.3........", "3", "t"),
            row("c", "4", "f")), c.rows("select attname, attnum, attisdropped from pg_attribute "
            + "where attrelid = 't'::regclass and attnum > 0 order by attnum"));
        assertEquals("0", c.one("select count(*) from pg_constraint where conrelid = 't'::regclass and contype = 'c'"));
        assertEquals("0", c.one("select count(*) from pg_class where relname = 't_b_idx'"));
        assertEquals("INSERT 0 1", c.q("insert into t values (3, 'z', 2.25)").tag());
        assertEquals("42703", c.error("select b from t"));
        c.q("alter table t add column b text default 'new'");
        assertEquals(List.of(row("3", "z", "2.25", "new")), c.rows("select * from t where id = 3"));
        assertEquals("5", c.one("select attnum from pg_attribute where attrelid = 't'::regclass and attname = 'b'"));
        assertEquals("42703", c.error("alter table t drop column nope"));
        c.q("alter table t drop column if exists nope");
    }

    @Test
    void ddlIsTransactional() {
        c.q("begin");
        c.q("alter table t drop column a");
        c.q("alter table t rename column b to bee");
        c.q("alter table t alter column c type text");
        assertEquals(List.of(row("1", "5", "1.50")), c.rows("select * from t where id = 1"));
        c.q("rollback");
        assertEquals(List.of(row("1", "x", "5", "1.50")), c.rows("select * from t where id = 1"));
        assertEquals("numeric", c.one("select data_type from information_schema.columns where table_name = 't' "
            + "and column_name = 'c'"));
    }

    @Test
    void renameColumnCarriesCheckConstraints() {
        c.q("alter table t rename column b to qty");
        assertEquals("CHECK ((qty > 0))", c.one("select pg_get_constraintdef(oid) from pg_constraint where contype = 'c'"));
        final SqlException e = c.exception("insert into t values (3, 'z', -1, 0)");
        assertEquals("23514", e.sqlState());
        assertEquals("42701", c.error("alter table t rename column qty to a"));
        c.q("alter table t rename constraint t_pkey to t_key");
        assertEquals("t_key", c.one("select relname from pg_class where relkind = 'i'"));
    }

    @Test
    void alterTypeRewritesRowsAndIndexes() {
        c.q("create index t_a_idx on t (a)");
        assertEquals("42804", c.error("alter table t alter column a type int"));
        c.q("update t set a = '10' where id = 1");
        c.q("update t set a = '20' where id = 2");
        c.q("alter table t alter column a type int using a::int + 1");
        assertEquals(List.of(row("1", "11"), row("2", "21")), c.rows("select id, a from t order by a"));
        assertEquals("2", c.one("select id from t where a = 21"));
        assertEquals("integer", c.one("select format_type(atttypid, atttypmod) from pg_attribute "
            + "where attrelid = 't'::regclass and attname = 'a'"));
        c.q("alter table t alter column c type numeric(4,1)");
        assertEquals("1.5", c.one("select c from t where id = 1"));
        assertEquals("22001", c.error("alter table t alter column a type varchar(1)"));
        c.q("alter table t alter column id type bigint");
        assertEquals("23505", c.error("insert into t values (1, 1, 1, 1)"));
    }

    @Test
    void defaultsAndNotNull() {
        c.q("alter table t alter column b set default 42");
        c.q("insert into t (id) values (3)");
        assertEquals("42", c.one("select b from t where id = 3"));
        c.q("alter table t alter column b drop default");
        c.q("insert into t (id) values (4)");
        assertEquals(null, c.one("select b from t where id = 4"));
        assertEquals("23502", c.error("alter table t alter column b set not null"));
        c.q("delete from t where b is null");
        c.q("alter table t alter column b set not null");
        assertEquals("23502", c.error("insert into t (id) values (5)"));
        c.q("alter table t alter column b drop not null");
        c.q("insert into t (id) values (5)");
        assertEquals("42P16", c.error("alter table t alter column id drop not null"));
        assertEquals("42804", c.error("alter table t alter column b set default 'x'::text"));
    }
}
