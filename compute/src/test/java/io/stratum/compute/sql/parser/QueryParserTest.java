package io.stratum.compute.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.sql.ast.*;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SELECT, VALUES, set operations, FROM items and joins, ORDER BY / LIMIT / locking. */
class QueryParserTest {
    static Query query(final String sql) {
        return (Query) Parser.parseOne(sql);
    }

    static Select select(final String sql) {
        return (Select) query(sql).body();
    }

    @Test
    void selectListAliasesAndStars() {
        final Select s = select("SELECT *, t.*, a AS x, b y, c \"Quoted\", d AS from, 1 FROM t");
        assertEquals(7, s.items().size());
        assertInstanceOf(Star.class, s.items().get(0).expr());
        assertEquals(List.of("t"), ((Star) s.items().get(1).expr()).qualifier());
        assertEquals("x", s.items().get(2).alias());
        assertEquals("y", s.items().get(3).alias());
        assertEquals("Quoted", s.items().get(4).alias());
        assertEquals("from", s.items().get(5).alias());
        assertNull(s.items().get(6).alias());
        assertEquals(List.of(), select("SELECT FROM t").items());
        assertEquals(List.of(), select("SELECT").items());
    }

    @Test
    void distinctAndDistinctOn() {
        assertTrue(select("SELECT DISTINCT a FROM t").distinct());
        final Select s = select("SELECT DISTINCT ON (a, b) a, c FROM t ORDER BY a, b, c DESC");
        assertTrue(s.distinct());
        assertEquals(2, s.distinctOn().size());
        assertFalse(select("SELECT ALL a FROM t").distinct());
    }

    @Test
    void whereGroupByHavingWindow() {
        final Select s = select("SELECT a, count(*) FROM t WHERE b > 1 GROUP BY 1, a HAVING count(*) > 2 "
                + "WINDOW w AS (PARTITION BY a)");
        assertEquals("(b > 1)", Printer.expr(s.where()));
        assertEquals("[1, a]", s.groupBy().stream().map(Printer::expr).toList().toString());
        assertEquals("(count(*) > 2)", Printer.expr(s.having()));
        assertEquals("w", s.windows().get(0).name());
    }

    @Test
    void orderByLimitOffsetFetch() {
        final Query q = query("SELECT a FROM t ORDER BY a DESC NULLS LAST, b USING >, 1 ASC NULLS FIRST LIMIT 10 OFFSET 5");
        assertEquals(SortOrder.DESC, q.orderBy().get(0).order());
        assertEquals(NullOrdering.LAST, q.orderBy().get(0).nulls());
        assertEquals(SortOrder.USING, q.orderBy().get(1).order());
        assertEquals(">", q.orderBy().get(1).usingOp());
        assertEquals(NullOrdering.FIRST, q.orderBy().get(2).nulls());
        assertEquals("10", Printer.expr(q.limit()));
        assertEquals("5", Printer.expr(q.offset()));
        assertNull(query("SELECT 1 LIMIT ALL").limit());
        assertEquals("3", Printer.expr(query("SELECT 1 OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY").limit()));
        assertEquals("1", Printer.expr(query("SELECT 1 FETCH NEXT ROW ONLY").limit()));
        assertEquals("2", Printer.expr(query("SELECT 1 OFFSET 1 LIMIT 2").limit()));
    }

    @Test
    void lockingClauses() {
        assertEquals(LockStrength.UPDATE, query("SELECT * FROM t FOR UPDATE").locking().get(0).strength());
        final LockingClause l = query("SELECT * FROM t, u FOR NO KEY UPDATE OF t, u NOWAIT").locking().get(0);
        assertEquals(LockStrength.NO_KEY_UPDATE, l.strength());
        assertEquals(2, l.of().size());
        assertEquals(LockWait.NOWAIT, l.waitPolicy());
        final Query q = query("SELECT * FROM t FOR SHARE SKIP LOCKED FOR KEY SHARE");
        assertEquals(LockWait.SKIP_LOCKED, q.locking().get(0).waitPolicy());
        assertEquals(LockStrength.KEY_SHARE, q.locking().get(1).strength());
        assertEquals("1", Printer.expr(query("SELECT * FROM t FOR UPDATE LIMIT 1").limit()));
    }

    @Test
    void setOperationsAndPrecedence() {
        final SetOp u = (SetOp) query("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3").body();
        assertEquals(SetOpKind.UNION, u.kind());
        assertEquals(SetOpKind.INTERSECT, ((SetOp) u.right()).kind());
        final SetOp e = (SetOp) query("SELECT 1 EXCEPT ALL SELECT 2 UNION DISTINCT SELECT 3").body();
        assertEquals(SetOpKind.UNION, e.kind());
        assertFalse(e.all());
        assertTrue(((SetOp) e.left()).all());
        final Query p = query("(SELECT 1 ORDER BY 1 LIMIT 1) UNION ALL (SELECT 2) ORDER BY 1");
        final SetOp s = (SetOp) p.body();
        assertInstanceOf(Query.class, s.left());
        assertInstanceOf(Select.class, s.right());
        assertEquals(1, p.orderBy().size());
        assertInstanceOf(Select.class, query("((SELECT 1))").body());
    }

    @Test
    void valuesAndTable() {
        final Values v = (Values) query("VALUES (1, 'a'), (2, 'b') ORDER BY 1").body();
        assertEquals(2, v.rows().size());
        final Select t = (Select) query("TABLE s.t").body();
        assertEquals("s.t", ((TableRef) t.from().get(0)).name().toString());
    }

    @Test
    void withAndRecursive() {
        final Query q = query("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5), "
                + "m AS MATERIALIZED (SELECT 2), x AS NOT MATERIALIZED (SELECT 3) SELECT * FROM r");
        assertTrue(q.with().recursive());
        assertEquals(List.of("n"), q.with().ctes().get(0).columns());
        assertEquals(Boolean.TRUE, q.with().ctes().get(1).materialized());
        assertEquals(Boolean.FALSE, q.with().ctes().get(2).materialized());
    }

    @Test
    void tablesAliasesAndCommaLists() {
        final Select s = select("SELECT 1 FROM pg_catalog.pg_class c, s.t AS u (a, b), ONLY x, db.sc.tb");
        final TableRef c = (TableRef) s.from().get(0);
        assertEquals("pg_catalog", c.schema());
        assertEquals("pg_class", c.table());
        assertEquals("c", c.alias());
        final TableRef u = (TableRef) s.from().get(1);
        assertEquals(List.of("a", "b"), u.columnAliases());
        assertTrue(((TableRef) s.from().get(2)).only());
        assertEquals("db", ((TableRef) s.from().get(3)).name().catalog());
    }

    @Test
    void joins() {
        final Join j = (Join) select("SELECT 1 FROM a JOIN b ON a.x = b.x LEFT OUTER JOIN c USING (y) "
                + "RIGHT JOIN d ON true FULL JOIN e ON false CROSS JOIN f NATURAL JOIN g INNER JOIN h ON 1 = 1")
                .from().get(0);
        assertEquals(JoinKind.INNER, j.kind());
        final Join natural = (Join) j.left();
        assertTrue(natural.natural());
        final Join cross = (Join) natural.left();
        assertEquals(JoinKind.CROSS, cross.kind());
        final Join full = (Join) cross.left();
        assertEquals(JoinKind.FULL, full.kind());
        final Join right = (Join) full.left();
        assertEquals(JoinKind.RIGHT, right.kind());
        final Join left = (Join) right.left();
        assertEquals(JoinKind.LEFT, left.kind());
        assertEquals(List.of("y"), left.using());
        assertEquals("(a.x = b.x)", Printer.expr(((Join) left.left()).on()));
    }

    @Test
    void parenthesisedJoinsAndMixedCommaJoin() {
        final Select s = select("SELECT 1 FROM pg_catalog.pg_namespace n, pg_catalog.pg_class c "
                + "LEFT JOIN pg_catalog.pg_description d ON (c.oid = d.objoid)");
        assertEquals(2, s.from().size());
        assertInstanceOf(Join.class, s.from().get(1));
        final Join p = (Join) select("SELECT 1 FROM (a JOIN b USING (x)) AS j JOIN c ON true").from().get(0);
        assertEquals("j", ((Join) p.left()).alias());
        final Join u = (Join) select("SELECT 1 FROM a JOIN b USING (x) AS j").from().get(0);
        assertEquals("j", u.alias());
    }

    @Test
    void subqueriesValuesAndFunctionsInFrom() {
        final Select s = select("SELECT 1 FROM (SELECT 1) AS s (a), (VALUES (1, 2)) v(x, y), "
                + "generate_series(1, 3) AS g(i), unnest(ARRAY[1]) WITH ORDINALITY u, "
                + "LATERAL (SELECT 1) l, json_to_record('{}') AS r(a int, b text), pg_catalog.generate_series(1,2) g2");
        final SubqueryRef sub = (SubqueryRef) s.from().get(0);
        assertEquals("s", sub.alias());
        assertEquals(List.of("a"), sub.columnAliases());
        final ValuesRef v = (ValuesRef) s.from().get(1);
        assertEquals(List.of("x", "y"), v.columnAliases());
        final FunctionRef g = (FunctionRef) s.from().get(2);
        assertEquals("generate_series", g.call().name().name());
        assertEquals(List.of("i"), g.columnAliases());
        assertTrue(((FunctionRef) s.from().get(3)).withOrdinality());
        assertTrue(((SubqueryRef) s.from().get(4)).lateral());
        final FunctionRef r = (FunctionRef) s.from().get(5);
        assertEquals("int4", r.columnDefs().get(0).type().name());
        assertEquals("pg_catalog", ((FunctionRef) s.from().get(6)).call().name().schema());
    }

    @Test
    void pgbenchPartitionProbe() {
        final Query q = query("select o.n, p.partstrat, pg_catalog.count(i.inhparent) from pg_catalog.pg_class as c "
                + "join pg_catalog.pg_namespace as n on (n.oid = c.relnamespace) cross join lateral "
                + "(select pg_catalog.array_position(pg_catalog.current_schemas(true), n.nspname)) as o(n) "
                + "left join pg_catalog.pg_partitioned_table as p on (p.partrelid = c.oid) "
                + "left join pg_catalog.pg_inherits as i on (c.oid = i.inhparent) "
                + "where c.relname = 'pgbench_accounts' and o.n is not null group by 1, 2 order by 1 asc limit 1");
        final Join top = (Join) ((Select) q.body()).from().get(0);
        assertEquals(JoinKind.LEFT, top.kind());
        final Join cross = (Join) ((Join) top.left()).left();
        assertEquals(JoinKind.CROSS, cross.kind());
        assertTrue(((SubqueryRef) cross.right()).lateral());
        assertEquals(List.of("n"), ((SubqueryRef) cross.right()).columnAliases());
    }

    @Test
    void subqueryExpressions() {
        final Select s = select("SELECT (SELECT 1), ARRAY(SELECT 2) FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.a = t.a) "
                + "AND a IN (SELECT b FROM v) AND c = ANY (SELECT d FROM w)");
        assertInstanceOf(ScalarSubquery.class, s.items().get(0).expr());
        assertInstanceOf(ArraySubquery.class, s.items().get(1).expr());
    }

    @Test
    void longIdentifiersAreTruncatedTo63Bytes() {
        final String longName = "a".repeat(70);
        final TableRef t = (TableRef) select("SELECT 1 FROM " + longName).from().get(0);
        assertEquals("a".repeat(63), t.table());
        final TableRef q = (TableRef) select("SELECT 1 FROM \"" + "\u00e9".repeat(40) + "\"").from().get(0);
        assertEquals("\u00e9".repeat(31), q.table());
    }

    @Test
    void identifiersFoldToLowerCaseUnlessQuoted() {
        final Select s = select("SELECT MyCol, \"MyCol\", T.X FROM MyTable T");
        assertEquals("mycol", ((ColumnRef) s.items().get(0).expr()).column());
        assertEquals("MyCol", ((ColumnRef) s.items().get(1).expr()).column());
        assertEquals(List.of("t", "x"), ((ColumnRef) s.items().get(2).expr()).parts());
        assertEquals("mytable", ((TableRef) s.from().get(0)).table());
    }

    @Test
    void bareColumnLabelsAsPostgres15() {
        for (String w : List.of("is", "not", "and", "null", "left", "join", "select", "true", "user", "default", "value")) {
            assertEquals(w, select("SELECT 1 " + w).items().get(0).alias(), w);
        }
        assertEquals("x", select("SELECT 1 x FROM t").items().get(0).alias());
    }
}
