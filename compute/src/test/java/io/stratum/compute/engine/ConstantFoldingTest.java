package io.stratum.compute.engine;

import static io.stratum.compute.engine.SqlClient.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.session.SqlException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Plan-time constant folding as PostgreSQL's eval_const_expressions does it: what is evaluated while planning
 * (and so fails even when no row reaches it), what is simplified away unevaluated, and what is never folded
 * (volatile and stable functions, parameters).
 */
class ConstantFoldingTest extends EngineClassTest {
    @Override
    void schema() {
        c.q("create table f_e (id int, v bigint, t text)");
        c.q("create table f_r (id int primary key, v bigint, t text)");
        c.q("insert into f_r values (1, 10, 'a'), (2, null, null)");
    }

    private String errorOfExtended(final String sql, final Object... params) {
        return assertThrows(SqlException.class, () -> c.x(sql, params)).sqlState();
    }

    @Test
    void immutableConstantsFailWhilePlanningEvenWhereNoRowGoes() {
        assertEquals("22003", c.error("select case when id > 0 then id else 9223372036854775807::bigint::int end from f_e"));
        assertEquals("22003", c.error("select case when id > 0 then id else 2147483647 + 1 end from f_r where id > 100"));
        assertEquals("22012", c.error("select id from f_e where v > 1 / 0"));
        assertEquals("22012", c.error("select sum(1 / 0) from f_e"));
        assertEquals("22012", c.error("update f_e set v = case when id = 1 then v else 1 % 0 end"));
        assertEquals("22003", c.error("select case when id > 0 then 1 else abs(-2147483648) end from f_e"));
        // operators, casts and functions over folded arguments: greatest, nullif, IN, ANY, LIKE, ||
        assertEquals("22012", c.error("select case when id > 0 then 1 else greatest(1, 2) / 0 end from f_e"));
        assertEquals("22012", c.error("select case when id > 0 then 1 else (1 in (1, 2))::int / 0 end from f_e"));
        assertEquals("22012", c.error("select case when id > 0 then 1 else ('abc' like 'a%')::int / 0 end from f_e"));
        assertEquals("22012", c.error("select case when id > 0 then 1 else length('a' || 1) / 0 end from f_e"));
        // the extended protocol folds constants too
        assertEquals("22012", errorOfExtended("select case when id > $1 then 1 else 1 / 0 end from f_e", 5));
    }

    @Test
    void constantTestsDropWhatTheyNeverReach() {
        assertEquals(row("1"), c.rows("select case when true then 1 else 1 / 0 end").get(0));
        assertEquals(row("1"), c.rows("select case 0 when 0 then 1 else 1 / 0 end").get(0));
        assertEquals(List.of(row("1"), row("2")),
            c.rows("select case when 1 > 2 then 1 / 0 when null then 2 / 0 else id end from f_r order by id"));
        assertEquals(List.of(row("p"), row("p")),
            c.rows("select case when id > 0 then 'p' when 1 = 1 then 'n' else (1 / 0)::text end from f_r"));
        assertEquals(row("2", "1"), c.rows("select coalesce(null, 2, 1 / 0), coalesce(id, 3, 1 / 0) from f_r where id = 1").get(0));
        assertEquals(row("f", "t"), c.rows("select false and 1 / 0 = 1, true or 1 / 0 = 1").get(0));
        // folded in order: an error before the deciding constant is raised
        assertEquals("22012", c.error("select 1 / 0 = 1 and false"));
        assertEquals("22012", c.error("select (1 is null) or 1 / 0 = 1"));
    }

    @Test
    void strictOperatorsOverNullAfterFolding() {
        // the CASE folds to a NULL constant, so position(...) is NULL, so the product is: v / 0 never runs
        assertEquals(List.of(row((String) null), row((String) null)), c.rows(
            "select (v / 0) * position('a' in case when '10' = '%' then null::text else null::text end) from f_r"));
        assertEquals(List.of(row((String) null), row((String) null)),
            c.rows("select (v / 0) * greatest(null::int, null::int) from f_r"));
    }

    @Test
    void volatileAndStableFunctionsAreNotEvaluated() {
        assertEquals(List.of(), c.rows("select case when id > 0 then 1 else 1 / (random() * 0)::int end from f_e"));
        assertEquals(List.of(), c.rows("select case when id > 0 then 1 else length(concat('a')) / 0 end from f_e"));
        assertEquals(List.of(), c.rows("select case when id > 0 then 1 else extract(year from now())::int / 0 end from f_e"));
        assertEquals(List.of(), c.rows("select case when id > 0 then 1 else ('2020-01-01'::text::date - date '2019-01-01') / 0"
            + " end from f_e"));
        c.q("create sequence f_s");
        assertEquals(List.of(), c.rows("select case when id > 0 then 0 else 1 / (nextval('f_s') * 0) end from f_e"));
        assertEquals("1", c.one("select nextval('f_s')"));
    }

    @Test
    void parametersAreNotFolded() {
        // a prepared statement's plan is generic: $1 / 0 runs only on a row that reaches it
        assertEquals(List.of(), c.x("select case when id > $1 then 1 else $1 / 0 end from f_e", 5).rows());
        // the simple protocol's numbers are constants: a plan that would fold them is not shared with parameters
        assertEquals("22003", c.error("select case when id > 0 then id else 2147483647 + 1 end from f_e"));
        assertEquals("22012", c.error("select id from f_e where case when 2 > 1 then v / 0 = 1 else true end and 1 / 0 = 1"));
        assertEquals(List.of(row("11")), c.rows("select v + 1 from f_r where id = 1"));
    }

    @Test
    void prepareAndViewsFoldWhenPlanned() {
        c.q("prepare f_p as select case when id > 0 then id else 1 / 0 end from f_e");
        assertEquals("22012", c.error("execute f_p"));
        assertEquals("22012", c.error("execute f_p"));
        c.q("deallocate f_p");
        c.q("create view f_v as select id, case when id > 0 then id else 1 / 0 end as x from f_e");
        assertEquals("22012", c.error("select * from f_v"));
        c.q("drop view f_v");
    }

    @Test
    void whatPostgresNeverPlansIsNotFolded() {
        assertEquals(List.of(row("1")), c.rows("with x as (select 1 / 0 as a) select 1"));
        assertEquals(List.of(), c.rows("with x as (select id, 1 / 0 as a from f_e) select id from x"));
        assertEquals("22012", c.error("with x as materialized (select id, 1 / 0 as a from f_e) select id from x"));
        assertEquals(List.of(), c.rows("select id from (select id, 1 / 0 as x from f_e) s"));
        assertEquals("22012", c.error("select x from (select id, 1 / 0 as x from f_e) s"));
        assertEquals("22012", c.error("select * from (select id, 1 / 0 as x from f_e) s"));
        // EXISTS drops its select list: not folded, not evaluated on the rows either
        assertEquals(List.of(row("f", "t")), c.rows("select exists (select 1 / 0 from f_e), exists (select 1 / 0 from f_r)"));
        // CREATE INDEX plans its expressions
        assertEquals("22012", c.error("create index on f_e ((id + 1 / 0))"));
    }

    @Test
    void groupByMatchesExpressionsAsWrittenAndPlansFoldedOnes() {
        assertEquals("42803", c.error("select id + 2 from f_r group by id + (1 + 1)"));
        assertEquals(List.of(row("3"), row("4")), c.rows("select id + (1 + 1) from f_r group by id + (1 + 1) order by 1"));
        final String plan = String.join("\n", c.rows("explain select * from f_r where id = 2 + 3").stream()
            .map(r -> r.get(0)).toList());
        assertTrue(plan.contains("(id = 5)"), plan);
    }
}
