package io.stratum.compute.engine;

import static io.stratum.compute.engine.SqlClient.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The binder's type rules and the executor's operators, through a session over a real store. */
class QueryTest extends EngineClassTest {
    @Override
    void schema() {
        c.q("create table emp (id int primary key, name varchar(20) not null, dept int, salary numeric(10,2), hired date)");
        c.q("create table dept (id int primary key, dname text)");
        c.q("insert into dept values (1, 'eng'), (2, 'ops'), (3, 'empty')");
        c.q("insert into emp values (1, 'ann', 1, 100.50, '2020-01-01'), (2, 'bob', 1, 200, '2021-06-15'),"
            + " (3, 'cid', 2, 150, null), (4, 'dee', null, 50, '2019-03-03')");
    }

    @Test
    void literalsAndColumnNames() {
        final SqlClient.Result r = c.q("select 1, 'a', 1.5, true, null, 1 + 2 as three, count(*) from emp");
        assertEquals(List.of("?column?", "?column?", "?column?", "?column?", "?column?", "three", "count"), r.columns());
        assertEquals(row("1", "a", "1.5", "t", null, "3", "4"), r.rows().get(0));
        assertEquals(PgType.INT4, r.statement().columns().get(0).type());
        assertEquals(PgType.TEXT, r.statement().columns().get(1).type());
        assertEquals(PgType.NUMERIC, r.statement().columns().get(2).type());
        assertEquals(PgType.INT8, r.statement().columns().get(6).type());
        assertEquals(List.of("int4", "name", "case", "coalesce", "upper"),
            c.q("select '1'::int, name, case when id = 1 then 'x' end, coalesce(dept, 0), upper(name) from emp limit 1").columns());
        assertEquals(PgType.INT8, c.q("select 3000000000").statement().columns().get(0).type());
    }

    @Test
    void rowDescriptionCarriesTableOids() {
        final var cols = c.q("select id, name, id + 1 from emp limit 1").statement().columns();
        assertTrue(cols.get(0).tableOid() > 0);
        assertEquals(1, cols.get(0).columnNumber());
        assertEquals(2, cols.get(1).columnNumber());
        assertEquals(0, cols.get(2).tableOid());
        assertEquals(24, cols.get(1).typeModifier());
    }

    @Test
    void parameterTypesInferredFromContext() {
        assertEquals(List.of(PgType.INT4), c.session.prepare("select * from emp where id = $1", List.of()).parameterTypes());
        assertEquals(List.of(PgType.INT4), c.session.prepare("update emp set dept = dept + $1 where id = 1", List.of()).parameterTypes());
        assertEquals(List.of(PgType.TEXT, PgType.TEXT), c.session.prepare("values ($1, $2)", List.of()).parameterTypes());
        assertEquals(List.of(PgType.INT4, PgType.VARCHAR), c.session.prepare("insert into emp (id, name) values ($1, $2)",
            List.of()).parameterTypes());
        assertEquals(List.of(PgType.INT4), c.session.prepare("select generate_series(0, $1::int)", List.of()).parameterTypes());
        assertEquals(row("bob"), c.x("select name from emp where id = $1", 2).rows().get(0));
    }

    @Test
    void operatorErrors() {
        final SqlException e = c.exception("select 1 = 'a'::text");
        assertEquals("42883", e.sqlState());
        assertEquals("operator does not exist: integer = text", e.getMessage());
        assertTrue(e.hint().startsWith("No operator matches"));
        assertEquals("22P02", c.error("select 1 = 'abc'"));
        assertEquals("42703", c.error("select nosuch from emp"));
        assertEquals("42P01", c.error("select * from nosuch"));
        assertEquals("42702", c.error("select id from emp, dept"));
        assertEquals("42804", c.error("select * from emp where 1"));
        assertEquals("42803", c.error("select name, count(*) from emp"));
        assertEquals("22012", c.error("select 1 / 0"));
        assertEquals("22003", c.error("select 2147483647 + 1"));
    }

    @Test
    void whereJoinsAndSubqueries() {
        assertEquals(List.of("ann", "bob"), c.q("select name from emp where dept = 1 order by name").column(0));
        assertEquals(List.of(row("ann", "eng"), row("bob", "eng"), row("cid", "ops")),
            c.rows("select e.name, d.dname from emp e join dept d on e.dept = d.id order by 1"));
        assertEquals(List.of(row("ann", "eng"), row("bob", "eng"), row("cid", "ops"), row("dee", null)),
            c.rows("select e.name, d.dname from emp e left join dept d on d.id = e.dept order by e.name"));
        assertEquals(List.of(row(null, "empty")),
            c.rows("select e.name, d.dname from emp e right join dept d on d.id = e.dept where e.id is null"));
        assertEquals(5, c.rows("select * from emp e full join dept d on d.id = e.dept").size());
        assertEquals(12, c.rows("select * from emp cross join dept").size());
        assertEquals(List.of(row("ann"), row("bob"), row("cid")),
            c.rows("select name from emp e, dept d where e.dept = d.id order by name"));
        assertEquals(List.of("ann", "bob"), c.q("select name from emp where dept in (select id from dept where dname = 'eng') order by 1")
            .column(0));
        assertEquals(List.of("cid"), c.q("select name from emp e where exists (select 1 from dept d where d.id = e.dept and d.dname = 'ops')")
            .column(0));
        assertEquals(List.of(row("ann", "eng")), c.rows("select name, (select dname from dept d where d.id = e.dept) from emp e where id = 1"));
        assertEquals(List.of("dee"), c.q("select name from emp where dept not in (1, 2) or dept is null").column(0));
        assertEquals(List.of(row("2", "b")), c.rows("select * from (values (1, 'a'), (2, 'b')) v(x, y) where x > 1"));
        assertEquals(List.of("1", "2", "3"), c.q("select * from generate_series(1, 3)").column(0));
        assertEquals(List.of(row("1", "1"), row("2", "2")), c.rows("select g, i from generate_series(1, 2) with ordinality as t(g, i)"));
        assertEquals(List.of("3"), c.q("select count(*) from (select * from emp where dept = 1 union all select * from emp where id = 3) s")
            .column(0));
        assertEquals("2", c.one("with x as (select * from emp where dept = 1) select count(*) from x"));
        assertEquals(List.of("1", "2"), c.q("select x from unnest(array[1, 2]) as x").column(0));
    }

    @Test
    void aggregatesAndGrouping() {
        assertEquals(List.of(row("1", "2", "300.50", "150.2500000000000000"), row("2", "1", "150.00", "150.0000000000000000"),
            row(null, "1", "50.00", "50.0000000000000000")),
            c.rows("select dept, count(*), sum(salary), avg(salary) from emp group by dept order by dept nulls last"));
        assertEquals(List.of(row("1", "2")), c.rows("select dept, count(*) from emp group by 1 having count(*) > 1"));
        assertEquals(row("50.00", "200.00", "ann,bob,cid,dee", "4"),
            c.rows("select min(salary), max(salary), string_agg(name, ',' order by name), count(distinct name) from emp").get(0));
        assertEquals("{1,2}", c.one("select array_agg(id order by id) from emp where dept = 1"));
        assertEquals(row("t", "f"), c.rows("select bool_and(id > 0), bool_or(id > 10) from emp").get(0));
        assertEquals(row("0", null), c.rows("select count(*), sum(id) from emp where false").get(0));
        assertEquals(List.of("1", "2"), c.q("select distinct dept from emp where dept is not null order by 1").column(0));
        assertEquals(List.of(row("ann", "1"), row("bob", "2"), row("cid", "1")),
            c.rows("select name, row_number() over (partition by dept order by id) from emp where dept is not null order by name"));
        assertEquals(List.of(row("1", "1"), row("2", "2"), row("3", "3")), c.rows("select id, rank() over (order by id) from emp where id < 4"));
    }

    @Test
    void setOperationsLimitOffset() {
        assertEquals(List.of("1", "2", "3"), c.q("select 1 union select 2 union select 1 union select 3 order by 1").column(0));
        assertEquals(List.of("2"), c.q("select id from emp where id < 3 intersect select 2").column(0));
        assertEquals(List.of("1"), c.q("select id from emp where id < 3 except select 2").column(0));
        assertEquals(List.of("2", "3"), c.q("select id from emp order by id limit 2 offset 1").column(0));
        assertEquals(List.of("4", "3"), c.q("select id from emp order by id desc limit 2").column(0));
    }

    @Test
    void functionsAndOperators() {
        assertEquals(row("abc", "ABC", "3", "bc", "2", "aXc", "ab", "  x", "x--", "b", "abc1"),
            c.rows("select lower('ABC'), upper('abc'), length('abc'), substr('abc', 2), position('b' in 'abc'),"
                + " replace('abc', 'b', 'X'), left('abc', 2), lpad('x', 3), rpad('x', 3, '-'), split_part('a,b', ',', 2),"
                + " 'abc' || 1").get(0));
        assertEquals(row("3", "3", "2", "-3", "1", "8", "3", "2.5000000000000000"), c.rows("select abs(-3), round(2.5), ceil(1.2), floor(-2.5),"
            + " mod(7, 3), power(2, 3)::int, sqrt(9)::int, 5 / 2.0").get(0));
        assertEquals(row("t", "f", "t", "t", "t"), c.rows("select 'abc' ~ '^a', 'abc' !~ 'b', 'Abc' ~* 'abc', 'abc' like 'a%',"
            + " 'ABC' ilike 'a_c'").get(0));
        assertEquals("t", c.one("select 'orders' OPERATOR(pg_catalog.~) '^(orders)$' COLLATE pg_catalog.default"));
        assertEquals(row("2", "a", "3", "1"), c.rows("select greatest(1, 2), nullif('a', 'b'), least(3, 4), coalesce(null, 1)").get(0));
        assertEquals(row("2020-01-02 00:00:00", "2021", "2020-01-01 00:00:00"), c.rows("select date '2020-01-01' + interval '1 day',"
            + " extract(year from timestamp '2021-05-05 10:00'), date_trunc('year', timestamp '2020-07-07 10:00')").get(0));
        assertEquals(row("2", "t", "3", "{1,2,3}"), c.rows("select array_position(array['a','b'], 'b'), 2 = any(array[1,2]),"
            + " array_length(array[1,2,3], 1), array[1,2] || 3").get(0));
        assertEquals(row("a_b_c", "x"), c.rows("select regexp_replace('a b c', ' ', '_', 'g'), trim('  x ')").get(0));
        assertEquals("t", c.one("select 'x'::name = 'x'::text"));
        assertEquals("2", c.one("select case 2 when 1 then 'one' else '2' end"));
    }

    @Test
    void explainAndIndexScan() {
        final List<String> plan = c.q("explain select * from emp where id = 3").column(0);
        assertTrue(plan.get(0).startsWith("Index Scan using emp_pkey on emp"), plan.toString());
        assertEquals("QUERY PLAN", c.q("explain select * from emp").columns().get(0));
        assertTrue(c.q("explain select * from emp where name = 'x'").column(0).get(0).startsWith("Seq Scan on emp"));
        assertEquals(List.of("cid"), c.q("select name from emp where id = 3").column(0));
        assertEquals(List.of("2", "3"), c.q("select id from emp where id > 1 and id <= 3 order by id").column(0));
        assertTrue(c.q("explain select id from emp where id > 1 and id <= 3").column(0).get(0).contains("Index Scan"), "range");
    }

    @Test
    void catalogQueriesAsPsqlSends() {
        final List<List<String>> r = c.rows("SELECT c.oid, n.nspname, c.relname FROM pg_catalog.pg_class c LEFT JOIN "
            + "pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relname OPERATOR(pg_catalog.~) '^(emp)$' COLLATE "
            + "pg_catalog.default AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY 2, 3");
        assertEquals(1, r.size());
        assertEquals("emp", r.get(0).get(2));
        final String oid = r.get(0).get(0);
        final List<List<String>> cols = c.rows("SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull "
            + "FROM pg_catalog.pg_attribute a WHERE a.attrelid = '" + oid + "' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum");
        assertEquals(row("name", "character varying(20)", "t"), cols.get(1));
        assertEquals(oid, c.one("select 'emp'::regclass::oid"));
        assertEquals("emp", c.one("select '" + oid + "'::regclass"));
        assertEquals("integer", c.one("select format_type(23, NULL)"));
        assertTrue(c.rows("select n.nspname from pg_catalog.pg_namespace n where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'")
            .contains(row("public")));
    }
}
