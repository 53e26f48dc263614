package io.stratum.compute.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.session.PreparedStatement;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Simple-protocol statements that differ only in their numbers share one plan, and answer as literals do. */
class AutoParamsEngineTest {
    @TempDir
    Path dir;
    EngineFixture fx;
    SqlClient c;

    @BeforeEach
    void setUp() {
        fx = new EngineFixture(dir);
        c = fx.client();
        c.q("create table acc (id int primary key, bal int not null, note text)");
        c.q("insert into acc values (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c')");
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void statementsThatDifferInNumbersShareOnePlan() {
        final PreparedStatement a = c.session.prepareSimple("update acc set bal = bal + 5 where id = 1");
        final PreparedStatement b = c.session.prepareSimple("update acc set bal = bal + 7 where id = 2");
        assertSame(assertInstanceOf(AutoBound.class, a).plan, assertInstanceOf(AutoBound.class, b).plan);
        assertEquals(List.of(), a.parameterTypes());
        assertEquals("update acc set bal = bal + 7 where id = 2", b.sql());
        c.q("update acc set bal = bal + 5 where id = 1");
        c.q("update acc set bal = bal + -7 where id = 2");
        // no ORDER BY (it would keep the text path): the planner may scan the heap, whose order updates change
        final List<List<String>> rows = new java.util.ArrayList<>(c.rows("select id, bal from acc where id < 10 and bal > 0 and true"));
        rows.sort(java.util.Comparator.comparing(r -> r.get(0)));
        assertEquals(List.of(List.of("1", "15"), List.of("2", "13"), List.of("3", "30")), rows);
    }

    @Test
    void literalTypesAreKept() {
        assertEquals("2", c.one("select 5 / 2"));
        assertEquals("2.5000000000000000", c.one("select 5.0 / 2"));
        assertEquals("integer", c.one("select pg_typeof(2147483647)::text"));
        assertEquals("bigint", c.one("select pg_typeof(2147483648)::text"));
        assertEquals("numeric", c.one("select pg_typeof(99999999999999999999)::text"));
        assertEquals("1.50", c.one("select 1.50"));
        assertEquals("?column?", c.q("select 1 + 1").columns().get(0));
        assertEquals("-2147483648", c.one("select -2147483648"));
    }

    @Test
    void aPlanThatNeedsItsLiteralFallsBackToTheText() {
        assertEquals("1.5", c.one("select 1.46::numeric(3,1)"));
        assertEquals("12", c.one("select 12::varchar(2)"));
        final PreparedStatement p = c.session.prepareSimple("select 1.46::numeric(3,1)");
        assertTrue(!(p instanceof AutoBound));
    }

    @Test
    void errorsAreTheLiteralsErrors() {
        assertEquals("22012", c.error("select 1 / 0"));
        assertEquals("22003", c.error("select 2147483647 + 1"));
        assertEquals("42883", c.error("select 1 + 'a'::bytea"));
        assertEquals("22P02", c.error("insert into acc values (9, 'x', 'y')"));
    }

    @Test
    void ddlReplansTheSharedStatement() {
        final PreparedStatement before = c.session.prepareSimple("select bal from acc where id = 1");
        c.q("alter table acc add column extra int default 4");
        final PreparedStatement after = c.session.prepareSimple("select bal, extra from acc where id = 3");
        assertNotSame(((AutoBound) before).plan, ((AutoBound) after).plan);
        assertEquals(List.of("30", "4"), c.rows("select bal, extra from acc where id = 3").get(0));
        assertEquals("20", c.one("select bal from acc where id = 2"));
    }
}
