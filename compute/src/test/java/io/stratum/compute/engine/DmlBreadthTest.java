package io.stratum.compute.engine;

import static io.stratum.compute.engine.SqlClient.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ON CONFLICT DO UPDATE, UPDATE ... FROM, DELETE ... USING, WITH RECURSIVE and JOIN USING's merged columns
 * (the differential corpus in testkit compares the same with PostgreSQL 15; these run without it).
 */
class DmlBreadthTest {
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
    void upsert() {
        c.q("create table u (id int primary key, name text unique, hits int default 1)");
        c.q("insert into u values (1, 'a', 1), (2, 'b', 1)");
        assertEquals("INSERT 0 1",
            c.q("insert into u values (1, 'a', 5) on conflict (id) do update set hits = u.hits + excluded.hits").tag());
        assertEquals("6", c.one("select hits from u where id = 1"));
        assertEquals(List.of(row("2", "b2", "1"), row("3", "c", "1")),
            c.rows("insert into u values (2, 'b2', 9), (3, 'c', 1) on conflict (id) do update set name = excluded.name returning *"));
        assertEquals(List.of(), c.rows("insert into u as t values (1, 'a', 1) on conflict (id) do update set hits = 0 "
            + "where t.hits > 100 returning *"));
        assertEquals("21000",
            c.error("insert into u values (5, 'q', 1), (5, 'r', 1) on conflict (id) do update set name = excluded.name"));
        assertEquals("42P10", c.error("insert into u values (1, 'q', 1) on conflict (hits) do nothing"));
        assertEquals("42601", c.error("insert into u values (1, 'q', 1) on conflict do update set hits = 1"));
        // DO NOTHING with a target ignores only that index's conflicts
        assertEquals("23505", c.error("insert into u values (9, 'a', 1) on conflict (id) do nothing"));
        assertEquals("INSERT 0 0", c.q("insert into u values (9, 'a', 1) on conflict (name) do nothing").tag());
        assertEquals(List.of(row("1", "a", "9")), c.rows("insert into u values (7, 'a', 9) on conflict on constraint u_name_key "
            + "do update set hits = excluded.hits returning *"));
        assertEquals("3", c.one("select count(*) from u"));
    }

    @Test
    void updateFromAndDeleteUsing() {
        c.q("create table t (id int primary key, v int, tag text)");
        c.q("create table s (id int, delta int, label text)");
        c.q("insert into t values (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c')");
        c.q("insert into s values (1, 1, 'one'), (2, 2, 'two'), (2, 3, 'two-again'), (5, 5, 'five')");
        // id 2 matches twice: updated once, as PostgreSQL does
        assertEquals("UPDATE 2", c.q("update t set v = t.v + s.delta from s where t.id = s.id").tag());
        assertEquals(List.of(row("1", "11", "one")),
            c.rows("update t x set tag = s.label from s where x.id = s.id and s.id = 1 returning x.id, x.v, s.label"));
        assertEquals("42702", c.error("update t set v = 1 from s where id = 1"));
        assertEquals(List.of(row("1", "one")),
            c.rows("delete from t using s where t.id = s.id and s.delta = 1 returning t.id, s.label"));
        assertEquals("DELETE 0", c.q("delete from t using s where s.id = 99").tag());
        assertEquals(List.of(row("2"), row("3")), c.rows("select id from t order by id"));
    }

    @Test
    void recursiveCtes() {
        assertEquals(List.of("1", "2", "3", "4", "5"),
            c.q("with recursive n(i) as (select 1 union all select i + 1 from n where i < 5) select * from n").column(0));
        assertEquals(List.of("1", "2", "3"),
            c.q("with recursive n(i) as (select 1 union select (i % 3) + 1 from n) select * from n order by i").column(0));
        // rows stream out: LIMIT stops an unbounded recursion
        assertEquals(List.of("1", "2", "3"),
            c.q("with recursive t(n) as (select 1 union all select n + 1 from t) select * from t limit 3").column(0));
        c.q("create table tree (id int primary key, parent int, name text)");
        c.q("insert into tree values (1, null, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1')");
        assertEquals(List.of("root", "root/a", "root/a/a1", "root/b"), c.q("with recursive p(id, path) as (select id, name from tree "
            + "where parent is null union all select t.id, p.path || '/' || t.name from tree t join p on t.parent = p.id) "
            + "select path from p order by path").column(0));
        assertEquals("22003", c.error("with recursive t(n) as (select 2147483646 union all select n + 1 from t) select * from t"));
        assertEquals("42P19", c.error("with recursive t(n) as (select n from t) select * from t"));
        assertEquals("42P19", c.error("with recursive t(n) as (select 1 union all select t.n from t, t t2) select * from t"));
        assertEquals("42804", c.error("with recursive t(n) as (select 1 union all select n + 1.5 from t where n < 3) select * from t"));
    }

    @Test
    void joinUsingMergesItsColumns() {
        c.q("create table a (id int, v text)");
        c.q("create table b (w text, id int)");
        c.q("insert into a values (1, 'a1'), (2, 'a2')");
        c.q("insert into b values ('b2', 2), ('b3', 3)");
        assertEquals(List.of("id", "v", "w"), c.q("select * from a join b using (id)").columns());
        assertEquals(List.of(row("1", "a1", null), row("2", "a2", "b2"), row("3", null, "b3")),
            c.rows("select * from a full join b using (id) order by id"));
        assertEquals(List.of(row("2", "2", "2")), c.rows("select id, a.id, b.id from a natural join b"));
    }

    @Test
    void viewsAreStoredInTheCatalog() {
        c.q("create table base (id int primary key, name text, price numeric(8,2))");
        c.q("insert into base values (1, 'pen', 1.50), (2, 'book', 12.00), (3, 'lamp', 30.25)");
        assertEquals("CREATE VIEW", c.q("create view cheap as select id, name from base where price < 20").tag());
        assertEquals(List.of(row("1", "pen"), row("2", "book")), c.rows("select * from cheap order by id"));
        assertEquals("42P07", c.error("create view cheap as select 1"));
        assertEquals("42P16", c.error("create or replace view cheap as select id from base"));
        c.q("create or replace view cheap as select id, name, price from base where price < 20");
        c.q("create view named (a, b) as select id, upper(name) from base");
        assertEquals(List.of(row("3", "LAMP")), c.rows("select * from named where a = 3"));
        assertEquals(List.of(row("cheap", "v"), row("named", "v")),
            c.rows("select relname, relkind from pg_class where relname in ('cheap', 'named', 'base') and relkind = 'v' "
                + "order by 1"));
        assertEquals(List.of("cheap", "named"),
            c.q("select table_name from information_schema.views where table_schema = 'public' order by 1").column(0));
        assertEquals("2BP01", c.error("drop table base"));
        assertEquals("42809", c.error("drop view base"));
        assertEquals("42809", c.error("drop table cheap"));
        // a store opened at this LSN (what a branch made here sees) reads the view from the catalog heaps
        final long lsn = fx.sync();
        try (io.stratum.mvcc.MvccStore ro = fx.readOnlyAt(lsn)) {
            final SqlClient branch = new SqlClient(fx.engine.open(ro, "stratum", "main", true,
                java.util.Map.of("application_name", "test")));
            assertEquals(List.of(row("1", "pen", "1.50"), row("2", "book", "12.00")),
                branch.rows("select * from cheap order by id"));
            branch.session.close();
        }
        assertEquals("DROP VIEW", c.q("drop view cheap, named").tag());
        assertEquals("42P01", c.error("select * from cheap"));
        assertEquals("DROP TABLE", c.q("drop table base").tag());
    }

    @Test
    void windowFramesAndFunctions() {
        c.q("create table w (id int, g text, v int)");
        c.q("insert into w values (1, 'a', 10), (2, 'a', 20), (3, 'a', 20), (4, 'b', 5), (5, 'b', null)");
        assertEquals(List.of("30", "50", "45", "25", "5"),
            c.q("select sum(v) over (order by id rows between 1 preceding and 1 following) from w order by id").column(0));
        assertEquals(List.of(row("1", null, "20"), row("2", "10", "20"), row("3", "20", null), row("4", null, null),
            row("5", "5", null)), c.rows("select id, lag(v) over (partition by g order by id), lead(v) over (partition by g "
            + "order by id) from w order by id"));
        assertEquals(List.of("1", "1", "2", "1", "2"), c.q("select ntile(2) over (partition by g order by id) from w order by id")
            .column(0));
        assertEquals(List.of("3", "3", "3", "5", "5"), c.q("select last_value(id) over (partition by g order by id rows between "
            + "unbounded preceding and unbounded following) from w order by id").column(0));
        assertEquals("22013", c.error("select sum(v) over (order by id rows between -1 preceding and current row) from w"));
        assertEquals(List.of(row("56.2500000000000000", "7.5000000000000000")), c.rows("select variance(v), stddev(v) from w"));
    }

    @Test
    void expressionsAsPostgresEvaluatesThem() {
        // every operand is evaluated before the NULL check: the overflow is raised although the left side is NULL
        assertEquals("22003", c.error("select n + (2147483647 + x) from (values (1, null::int)) v(x, n)"));
        // ... but a NULL constant makes a strict operator NULL at plan time, the other side never evaluated
        assertEquals(List.of(row((String) null)), c.rows("select null::int + (2147483647 + x) from (values (1)) v(x)"));
        assertEquals(List.of(row((String) null)), c.rows("select nullif(null::int, 1 / x) from (values (0)) v(x)"));
        assertEquals(List.of(row(null, "NaN")), c.rows("select nullif(-0.0::float8, 0::float8), 'NaN'::float8 / 0::float8"));
        assertEquals("22003", c.error("select 1e300::float8 * 1e300::float8"));
        assertEquals("22003", c.error("select abs(-9223372036854775808)"));
        assertEquals(List.of(row("t", "f")), c.rows("select 'a%c' like 'a#%c' escape '#', 'abc' like 'a#%c' escape '#'"));
        assertEquals("42883", c.error("select length(1)"));
        assertEquals("42883", c.error("select 'a' like 1"));
        assertEquals("1.414213562373095", c.one("select sqrt(2::numeric)"));
        assertEquals(List.of("1", "2"), c.q("select null union select 1 union select 2 order by 1 nulls last limit 2").column(0));
    }
}
