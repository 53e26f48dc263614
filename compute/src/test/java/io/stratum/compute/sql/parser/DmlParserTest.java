package io.stratum.compute.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.*;
import java.util.List;
import org.junit.jupiter.api.Test;

/** INSERT, UPDATE, DELETE, TRUNCATE, COPY. */
class DmlParserTest {
    static Statement one(final String sql) {
        return Parser.parseOne(sql);
    }

    @Test
    void insertForms() {
        final Insert i = (Insert) one("INSERT INTO s.t (a, b) VALUES (1, DEFAULT), ($1, 'x') RETURNING a, b AS bee");
        assertEquals("s.t", i.table().toString());
        assertEquals(List.of("a", "b"), i.columns());
        final Values v = (Values) i.source().body();
        assertInstanceOf(DefaultExpr.class, v.rows().get(0).get(1));
        assertEquals("bee", i.returning().get(1).alias());
        assertNull(((Insert) one("INSERT INTO t DEFAULT VALUES")).source());
        assertInstanceOf(Select.class, ((Insert) one("INSERT INTO t SELECT * FROM u")).source().body());
        assertInstanceOf(Select.class, ((Insert) one("INSERT INTO t (SELECT 1)")).source().body());
        assertNull(((Insert) one("INSERT INTO t VALUES (1)")).returning().isEmpty() ? null : "x");
        final Insert w = (Insert) one("WITH x AS (SELECT 1) INSERT INTO t AS tt SELECT * FROM x");
        assertEquals("tt", w.alias());
        assertEquals(1, w.with().ctes().size());
    }

    @Test
    void dataModifyingCtes() {
        final Insert i = (Insert) one("WITH d AS (DELETE FROM t WHERE id = 1 RETURNING *), u (a) AS (UPDATE t SET v = 1 "
                + "RETURNING v), n AS (WITH z AS (SELECT 1) INSERT INTO t SELECT * FROM z), q AS (SELECT 2) "
                + "INSERT INTO c SELECT * FROM d");
        final List<Cte> ctes = i.with().ctes();
        assertInstanceOf(Delete.class, ctes.get(0).body());
        assertTrue(ctes.get(0).modifying());
        assertNull(ctes.get(0).query());
        assertEquals(1, ((Delete) ctes.get(0).body()).returning().size());
        assertInstanceOf(Update.class, ctes.get(1).body());
        assertEquals(List.of("a"), ctes.get(1).columns());
        final Insert nested = (Insert) ctes.get(2).body();
        assertEquals(1, nested.with().ctes().size());
        assertFalse(ctes.get(3).modifying());
        assertInstanceOf(Select.class, ctes.get(3).query().body());
        final Query top = (Query) one("WITH d AS (DELETE FROM t) SELECT 1");
        assertInstanceOf(Delete.class, top.with().ctes().get(0).body());
    }

    @Test
    void onConflict() {
        final Insert n = (Insert) one("INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING");
        assertTrue(n.onConflict().doNothing());
        final Insert u = (Insert) one("INSERT INTO t (id, v) VALUES (1, 2) ON CONFLICT (id) WHERE v > 0 "
                + "DO UPDATE SET v = excluded.v + t.v, w = DEFAULT WHERE t.v < 10 RETURNING *");
        final OnConflict oc = u.onConflict();
        assertFalse(oc.doNothing());
        assertEquals("id", oc.target().get(0).column());
        assertEquals("(v > 0)", Printer.expr(oc.targetWhere()));
        assertEquals(2, oc.set().size());
        assertEquals("((excluded.v + t.v))".substring(1, 19), Printer.expr(oc.set().get(0).value()));
        assertEquals("(t.v < 10)", Printer.expr(oc.where()));
        assertEquals("t_pkey", ((Insert) one("INSERT INTO t VALUES (1) ON CONFLICT ON CONSTRAINT t_pkey DO NOTHING"))
                .onConflict().constraint());
    }

    @Test
    void updateForms() {
        final Update u = (Update) one("UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2");
        assertEquals("abalance", u.set().get(0).columns().get(0));
        assertEquals("((abalance + $1))".substring(1, 16), Printer.expr(u.set().get(0).value()));
        final Update m = (Update) one("UPDATE ONLY t AS x SET (a, b) = (1, 2), (c) = ROW(3), (d, e) = (SELECT 4, 5) "
                + "FROM u, v WHERE x.id = u.id RETURNING x.*");
        assertTrue(m.only());
        assertEquals("x", m.alias());
        assertEquals(4, m.set().size());
        assertEquals(List.of("d", "e"), m.set().get(3).columns());
        assertInstanceOf(ScalarSubquery.class, m.set().get(3).value());
        assertEquals(2, m.from().size());
        assertEquals("x", ((Update) one("UPDATE t x SET a = 1")).alias());
        assertEquals("c", ((Update) one("UPDATE t SET a = 1 WHERE CURRENT OF c")).cursor());
        final SqlException e = assertThrows(SqlException.class, () -> one("UPDATE t SET (a, b) = (1, 2, 3)"));
        assertEquals("number of columns does not match number of values", e.getMessage());
    }

    @Test
    void deleteForms() {
        final Delete d = (Delete) one("DELETE FROM t AS x USING u WHERE x.id = u.id RETURNING x.id");
        assertEquals("x", d.alias());
        assertEquals(1, d.using().size());
        assertEquals(1, d.returning().size());
        assertNull(((Delete) one("DELETE FROM t")).where());
    }

    @Test
    void truncate() {
        final Truncate t = (Truncate) one("TRUNCATE TABLE a, ONLY b RESTART IDENTITY CASCADE");
        assertEquals(2, t.tables().size());
        assertTrue(t.restartIdentity());
        assertTrue(t.cascade());
        final Truncate p = (Truncate) one("truncate table pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers");
        assertEquals(4, p.tables().size());
        assertFalse(p.cascade());
    }

    @Test
    void copyNewAndOldOptions() {
        final Copy pgbench = (Copy) one("copy pgbench_accounts from stdin with (freeze on)");
        assertTrue(pgbench.from());
        assertNull(pgbench.file());
        assertEquals("freeze", pgbench.options().get(0).name());
        assertEquals("on", pgbench.options().get(0).value());
        final Copy n = (Copy) one("COPY t (a, b) TO STDOUT WITH (FORMAT csv, HEADER, DELIMITER ',', NULL '', "
                + "FORCE_QUOTE (a, b), ENCODING 'UTF8')");
        assertFalse(n.from());
        assertEquals(List.of("a", "b"), n.columns());
        assertEquals("csv", n.options().get(0).value());
        assertNull(n.options().get(1).value());
        assertEquals("", n.options().get(3).value());
        assertEquals(List.of("a", "b"), n.options().get(4).values());
        final Copy o = (Copy) one("COPY t FROM STDIN WITH CSV HEADER DELIMITER AS ';' NULL 'x' QUOTE '\"' FORCE NOT NULL a, b");
        assertEquals(List.of("format", "header", "delimiter", "null", "quote", "force_not_null"),
                o.options().stream().map(Option::name).toList());
        assertEquals("csv", o.options().get(0).value());
        assertEquals(";", o.options().get(2).value());
        final Copy q = (Copy) one("COPY (SELECT * FROM t ORDER BY 1) TO STDOUT BINARY");
        assertNull(q.table());
        assertEquals("binary", q.options().get(0).value());
        assertEquals("binary", ((Copy) one("COPY BINARY t FROM STDIN")).options().get(0).value());
        final Copy f = (Copy) one("COPY t FROM '/tmp/x.csv' (FORMAT csv) WHERE a > 1");
        assertEquals("/tmp/x.csv", f.file());
        assertEquals("(a > 1)", Printer.expr(f.where()));
        assertTrue(((Copy) one("COPY t TO PROGRAM 'gzip > x'")).program());
        assertEquals("|", ((Copy) one("COPY t FROM STDIN DELIMITER '|'")).options().get(0).value());
    }
}
