package io.stratum.compute.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Restrictions derived from an OR of ANDs over two tables (TPC-H Q19's shape): each table's scan filters on
 * the OR of the branches' conjuncts on that table, the whole OR still runs above the join, and the rows are
 * those of the same query without the derivation.
 */
class OrRestrictionTest extends EngineClassTest {
    @Override
    void schema() {
        c.q("create table part (pk int primary key, brand text, size int, container text)");
        c.q("create table item (ik int primary key, pk int, qty numeric(10,2), mode text)");
        c.q("insert into part select g, 'Brand#' || g % 5, g % 20, case when g % 3 = 0 then 'SM BOX' else 'LG BOX' end"
            + " from generate_series(1, 2000) g");
        c.q("insert into item select g, 1 + g % 2000, g % 50, case when g % 4 = 0 then 'AIR' else 'RAIL' end"
            + " from generate_series(1, 8000) g");
        c.q("analyze");
    }

    private static final String Q19 = "select count(*), sum(qty) from item, part where part.pk = item.pk and mode = 'AIR'"
        + " and ((brand = 'Brand#1' and container in ('SM BOX', 'SM CASE') and qty >= 1 and qty <= 11 and size between 1 and 5)"
        + " or (brand = 'Brand#2' and container = 'LG BOX' and qty >= 10 and qty <= 20 and size between 1 and 10))";

    @Test
    void eachTableScanFiltersOnItsPartOfTheOr() {
        final String plan = String.join("\n", c.q("explain " + Q19).column(0));
        // part's scan: the OR of the branches' part conjuncts; item's: the OR of their qty ranges
        assertTrue(plan.contains("Seq Scan on part"), plan);
        assertTrue(plan.matches("(?s).*Seq Scan on part\\s*\\n\\s*Filter: \\(\\(\\(part.brand = 'Brand#1'::text\\).*"), plan);
        assertTrue(plan.contains("Filter: ((item.mode = 'AIR'::text) AND (((item.qty >= 1) AND (item.qty <= 11)) OR"), plan);
        assertTrue(plan.contains("Join Filter: "), plan);
        // the same rows as with the OR hidden from the derivation (IS TRUE): 11 rows, qty summed
        final String hidden = Q19.replace(" and ((brand", " and (((brand").replace("size between 1 and 10))",
            "size between 1 and 10)) is true)");
        assertFalse(String.join("\n", c.q("explain " + hidden).column(0)).contains("Filter: (((part.brand"));
        assertEquals(c.rows(hidden), c.rows(Q19));
        assertEquals(List.of(List.of("24", "240.00")), c.rows(Q19));
    }

    @Test
    void noRestrictionWhereABranchDoesNotNameTheTableAndNoVolatileCallCopied() {
        // the second branch has no part conjunct: part is not restricted (a row of part may match through it)
        final String sql = "select count(*) from item, part where part.pk = item.pk and ((brand = 'Brand#1' and qty < 3)"
            + " or qty > 47)";
        final String plan = String.join("\n", c.q("explain " + sql).column(0));
        assertFalse(plan.contains("Filter: ((part.brand"), plan);
        assertTrue(plan.contains("Filter: (((item.qty < 3)) OR (item.qty > 47))") || plan.contains("Filter: ((item.qty < 3) OR"),
            plan);
        assertEquals(c.rows(sql.replace("or qty > 47)", "or qty > 47) is true")), c.rows(sql));
        // random() is not copied into a scan's filter (the immutable conjuncts beside it are)
        final String vol = "select count(*) from item, part where part.pk = item.pk and ((random() < 2 and brand = 'Brand#1')"
            + " or (random() < 2 and brand = 'Brand#2' and qty > 1))";
        final String vp = String.join("\n", c.q("explain " + vol).column(0));
        assertTrue(vp.contains("Filter: ((part.brand = 'Brand#1'::text) OR (part.brand = 'Brand#2'::text))"), vp);
        assertEquals(2, vp.split("random\\(\\)", -1).length - 1, vp); // both in the Join Filter only
        assertEquals(c.one(vol), c.one("select count(*) from item, part where part.pk = item.pk and (brand = 'Brand#1'"
            + " or (brand = 'Brand#2' and qty > 1))"));
    }
}
