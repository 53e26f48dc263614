package io.stratum.compute.engine;

import static io.stratum.compute.engine.SqlClient.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HOT updates through SQL: an UPDATE that changes no indexed column adds no index entry and keeps the row on
 * its page, one that changes a key does, and index scans and CREATE INDEX see the right versions either way.
 */
class HotUpdateSqlTest {
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
    void updatesOfUnindexedColumnsStayOnThePageAndKeyChangesAreIndexed() {
        c.q("create table acc (id int primary key, bal int, tag text)");
        c.q("create index acc_tag on acc (tag)");
        c.q("insert into acc select g, 0, 't' || g from generate_series(1, 20) g");
        for (int i = 0; i < 1500; i++) {
            c.q("update acc set bal = bal + 1 where id = 3");
        }
        assertTrue(c.one("explain select bal from acc where id = 3").contains("Index"), "the lookup uses the index");
        assertEquals("1500", c.one("select bal from acc where id = 3"));
        assertEquals("8192", c.one("select pg_relation_size('acc')"), "1,500 versions of one row fit one page");

        c.q("update acc set tag = 'moved' where id = 3"); // an indexed column: a new entry
        assertEquals(List.of(row("3", "1500")), c.rows("select id, bal from acc where tag = 'moved'"));
        assertEquals(List.of(), c.rows("select id from acc where tag = 't3'"));
        c.q("update acc set id = 300 where id = 3");
        assertEquals(List.of(row("1500")), c.rows("select bal from acc where id = 300"));
        assertEquals(List.of(), c.rows("select bal from acc where id = 3"));
        c.q("update acc set bal = bal + 1 where id = 300");
        assertEquals(List.of(row("300", "1501")), c.rows("select id, bal from acc where tag = 'moved'"));

        for (int i = 0; i < 50; i++) {
            c.q("update acc set bal = bal + 1 where id = 5");
        }
        c.q("create index acc_bal on acc (bal)"); // entries name the HOT chains by their roots
        assertTrue(c.one("explain select id from acc where bal = 50").contains("Index"));
        assertEquals(List.of(row("5")), c.rows("select id from acc where bal = 50"));
        c.q("update acc set bal = bal + 1 where id = 5");
        assertEquals(List.of(row("5")), c.rows("select id from acc where bal = 51"));
        assertEquals(List.of(), c.rows("select id from acc where bal = 50"));
        c.q("vacuum acc");
        assertEquals("20", c.one("select count(*) from acc"));
        assertEquals(List.of(row("300")), c.rows("select id from acc where tag = 'moved'"));
        assertEquals(List.of(row("5", "51")), c.rows("select id, bal from acc where id = 5"));
    }
}
