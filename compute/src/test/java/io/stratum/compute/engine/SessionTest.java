package io.stratum.compute.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transactions, savepoints, 25P02, notices and settings through the Session SPI over a real store. */
class SessionTest {
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
    void autocommitAndBlocks() {
        assertEquals("CREATE TABLE", c.q("create table t (id int primary key, v text)").tag());
        assertEquals("INSERT 0 2", c.q("insert into t values (1, 'a'), (2, 'b')").tag());
        assertEquals('I', c.session.transactionStatus());
        assertEquals("BEGIN", c.q("begin").tag());
        assertEquals('T', c.session.transactionStatus());
        c.q("insert into t values (3, 'c')");
        assertEquals("ROLLBACK", c.q("rollback").tag());
        assertEquals("2", c.one("select count(*) from t"));
        c.q("start transaction isolation level repeatable read");
        c.q("update t set v = 'z' where id = 1");
        assertEquals("COMMIT", c.q("end").tag());
        assertEquals("z", c.one("select v from t where id = 1"));
    }

    @Test
    void failedBlockAnswers25P02UntilRollback() {
        c.q("create table t (id int primary key)");
        c.q("begin");
        c.q("insert into t values (1)");
        assertEquals("23505", c.error("insert into t values (1)"));
        assertEquals('E', c.session.transactionStatus());
        assertEquals("25P02", c.error("select 1"));
        assertEquals("ROLLBACK", c.q("commit").tag());
        assertEquals('I', c.session.transactionStatus());
        assertEquals("0", c.one("select count(*) from t"));
    }

    @Test
    void savepoints() {
        c.q("create table t (id int primary key)");
        c.q("begin");
        c.q("insert into t values (1)");
        assertEquals("SAVEPOINT", c.q("savepoint a").tag());
        c.q("insert into t values (2)");
        assertEquals("42P01", c.error("select * from nosuch"));
        assertEquals("25P02", c.error("select 1"));
        assertEquals("ROLLBACK", c.q("rollback to savepoint a").tag());
        c.q("insert into t values (3)");
        c.q("savepoint b");
        c.q("insert into t values (4)");
        assertEquals("RELEASE", c.q("release b").tag());
        c.q("commit");
        assertEquals(List.of("1", "3", "4"), c.q("select id from t order by id").column(0));
        assertEquals("25P01", c.error("savepoint x"));
        c.q("begin");
        assertEquals("3B001", c.error("rollback to nosuch"));
        c.q("rollback");
    }

    @Test
    void warningsForBeginInBlockAndCommitOutside() {
        assertEquals("COMMIT", c.q("commit").tag());
        assertEquals("25P01", c.notices.get(0).sqlState());
        c.q("begin");
        c.q("begin");
        assertEquals("25001", c.notices.get(1).sqlState());
        assertEquals("WARNING", c.notices.get(1).severity());
        c.q("rollback");
    }

    @Test
    void settings() {
        final var initial = c.session.drainParameterStatus();
        assertEquals(13, initial.size(), initial.toString());
        assertEquals("UTF8", initial.get("client_encoding"));
        assertEquals("ISO, MDY", initial.get("DateStyle"));
        assertTrue(initial.get("server_version").startsWith("15"));
        assertEquals("test", initial.get("application_name"));
        assertTrue(c.session.drainParameterStatus().isEmpty());
        assertEquals("SET", c.q("set application_name = 'x'").tag());
        assertEquals("x", c.session.drainParameterStatus().get("application_name"));
        assertEquals("x", c.one("show application_name"));
        assertEquals("application_name", c.q("show application_name").columns().get(0));
        c.q("set statement_timeout = 5000");
        assertEquals("5s", c.one("show statement_timeout"));
        c.q("set extra_float_digits = 3");
        assertEquals("3", c.one("show extra_float_digits"));
        assertEquals("42704", c.error("show nosuch"));
        assertEquals("42704", c.error("set nosuch = 1"));
        c.q("begin");
        c.q("set search_path = foo");
        c.q("rollback");
        assertEquals("\"$user\", public", c.one("show search_path"));
        c.q("begin");
        c.q("set local work_mem = '8MB'");
        assertEquals("8MB", c.one("show work_mem"));
        c.q("commit");
        assertEquals("4MB", c.one("show work_mem"));
        c.q("reset application_name");
        assertEquals("test", c.one("show application_name"));
        assertEquals("read committed", c.one("show transaction isolation level"));
        assertEquals("150000", c.one("show server_version_num"));
        assertEquals("55P02", c.error("set server_version = '1'"));
        assertEquals("22023", c.error("set client_encoding = 'LATIN1'"));
    }

    @Test
    void sessionFunctions() {
        assertTrue(c.one("select version()").startsWith("PostgreSQL 15"));
        assertEquals("version", c.q("select version()").columns().get(0));
        assertEquals("main", c.one("select current_database()"));
        assertEquals("stratum", c.one("select current_user"));
        assertEquals("main", c.one("select current_catalog"));
        assertEquals("public", c.one("select current_schema()"));
        assertEquals("{pg_catalog,public}", c.one("select current_schemas(true)"));
        assertTrue(c.one("select pg_current_wal_lsn()").contains("/"));
        assertEquals("t", c.one("select now() = current_timestamp"));
        assertEquals("t", c.one("select clock_timestamp() >= now()"));
        c.q("begin");
        final String t1 = c.one("select now()");
        final String t2 = c.one("select now()");
        assertEquals(t1, t2);
        c.q("commit");
    }
}
