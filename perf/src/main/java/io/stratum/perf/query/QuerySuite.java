package io.stratum.perf.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The queries of {@code stratum bench queries}: TPC-H Q1, Q3, Q4 (EXISTS), Q5, Q6, Q10, Q12, Q14, Q19 and Q22
 * (NOT EXISTS, over the orders of 1998 only) (date arithmetic written as literal dates, ties in ORDER BY ... LIMIT broken by a key so both servers must return the same
 * rows), and OLTP lookups by primary key and by a secondary index, each a batch of statements with keys from
 * a fixed seed. Threads: none.
 */
final class QuerySuite {
    /** One benchmark entry: its statements (one for an analytic query, a batch for a lookup) and whether order matters. */
    record Query(String name, List<String> statements, boolean ordered) {
    }

    private QuerySuite() {
    }

    static List<Query> all(final TpchData.Sizes sizes, final int lookups) {
        final List<Query> q = new ArrayList<>();
        q.add(one("q1", "select l_returnflag, l_linestatus, sum(l_quantity) as sum_qty, sum(l_extendedprice) as sum_base_price,"
            + " sum(l_extendedprice * (1 - l_discount)) as sum_disc_price,"
            + " sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) as sum_charge, avg(l_quantity) as avg_qty,"
            + " avg(l_extendedprice) as avg_price, avg(l_discount) as avg_disc, count(*) as count_order"
            + " from lineitem where l_shipdate <= date '1998-09-02'"
            + " group by l_returnflag, l_linestatus order by l_returnflag, l_linestatus"));
        q.add(one("q3", "select l_orderkey, sum(l_extendedprice * (1 - l_discount)) as revenue, o_orderdate, o_shippriority"
            + " from customer, orders, lineitem where c_mktsegment = 'BUILDING' and c_custkey = o_custkey"
            + " and l_orderkey = o_orderkey and o_orderdate < date '1995-03-15' and l_shipdate > date '1995-03-15'"
            + " group by l_orderkey, o_orderdate, o_shippriority order by revenue desc, o_orderdate, l_orderkey limit 10"));
        q.add(one("q4", "select o_orderpriority, count(*) as order_count from orders"
            + " where o_orderdate >= date '1993-07-01' and o_orderdate < date '1993-10-01'"
            + " and exists (select * from lineitem where l_orderkey = o_orderkey and l_commitdate < l_receiptdate)"
            + " group by o_orderpriority order by o_orderpriority"));
        q.add(one("q5", "select n_name, sum(l_extendedprice * (1 - l_discount)) as revenue"
            + " from customer, orders, lineitem, supplier, nation, region"
            + " where c_custkey = o_custkey and l_orderkey = o_orderkey and l_suppkey = s_suppkey"
            + " and c_nationkey = s_nationkey and s_nationkey = n_nationkey and n_regionkey = r_regionkey"
            + " and r_name = 'ASIA' and o_orderdate >= date '1994-01-01' and o_orderdate < date '1995-01-01'"
            + " group by n_name order by revenue desc, n_name"));
        q.add(one("q6", "select sum(l_extendedprice * l_discount) as revenue from lineitem"
            + " where l_shipdate >= date '1994-01-01' and l_shipdate < date '1995-01-01'"
            + " and l_discount between 0.05 and 0.07 and l_quantity < 24"));
        q.add(one("q10", "select c_custkey, c_name, sum(l_extendedprice * (1 - l_discount)) as revenue, c_acctbal, n_name,"
            + " c_address, c_phone, c_comment from customer, orders, lineitem, nation"
            + " where c_custkey = o_custkey and l_orderkey = o_orderkey and o_orderdate >= date '1993-10-01'"
            + " and o_orderdate < date '1994-01-01' and l_returnflag = 'R' and c_nationkey = n_nationkey"
            + " group by c_custkey, c_name, c_acctbal, c_phone, n_name, c_address, c_comment"
            + " order by revenue desc, c_custkey limit 20"));
        q.add(one("q12", "select l_shipmode,"
            + " sum(case when o_orderpriority = '1-URGENT' or o_orderpriority = '2-HIGH' then 1 else 0 end) as high_line_count,"
            + " sum(case when o_orderpriority <> '1-URGENT' and o_orderpriority <> '2-HIGH' then 1 else 0 end) as low_line_count"
            + " from orders, lineitem where o_orderkey = l_orderkey and l_shipmode in ('MAIL', 'SHIP')"
            + " and l_commitdate < l_receiptdate and l_shipdate < l_commitdate and l_receiptdate >= date '1994-01-01'"
            + " and l_receiptdate < date '1995-01-01' group by l_shipmode order by l_shipmode"));
        q.add(one("q14", "select 100.00 * sum(case when p_type like 'PROMO%' then l_extendedprice * (1 - l_discount) else 0 end)"
            + " / sum(l_extendedprice * (1 - l_discount)) as promo_revenue from lineitem, part"
            + " where l_partkey = p_partkey and l_shipdate >= date '1995-09-01' and l_shipdate < date '1995-10-01'"));
        q.add(one("q19", "select sum(l_extendedprice * (1 - l_discount)) as revenue from lineitem, part"
            + " where p_partkey = l_partkey and l_shipinstruct = 'DELIVER IN PERSON' and l_shipmode in ('AIR', 'REG AIR')"
            + " and ((p_brand = 'Brand#12' and p_container in ('SM CASE', 'SM BOX', 'SM PACK', 'SM PKG')"
            + " and l_quantity >= 1 and l_quantity <= 11 and p_size between 1 and 5)"
            + " or (p_brand = 'Brand#23' and p_container in ('MED BAG', 'MED BOX', 'MED PKG', 'MED PACK')"
            + " and l_quantity >= 10 and l_quantity <= 20 and p_size between 1 and 10)"
            + " or (p_brand = 'Brand#34' and p_container in ('LG CASE', 'LG BOX', 'LG PACK', 'LG PKG')"
            + " and l_quantity >= 20 and l_quantity <= 30 and p_size between 1 and 15))"));
        // Q22 with the orders of 1998 only: every generated customer has orders, so NOT EXISTS over all of them is empty
        final String codes = "('13', '31', '23', '29', '30', '18', '17')";
        q.add(one("q22", "select cntrycode, count(*) as numcust, sum(c_acctbal) as totacctbal from"
            + " (select substring(c_phone from 1 for 2) as cntrycode, c_acctbal from customer"
            + " where substring(c_phone from 1 for 2) in " + codes + " and c_acctbal > (select avg(c_acctbal) from customer"
            + " where c_acctbal > 0.00 and substring(c_phone from 1 for 2) in " + codes + ")"
            + " and not exists (select * from orders where o_custkey = c_custkey and o_orderdate >= date '1998-01-01'))"
            + " as custsale group by cntrycode order by cntrycode"));
        final Random r = new Random(42);
        q.add(batch("pk_point", lookups, () -> "select * from orders where o_orderkey = " + (1 + r.nextInt(sizes.orders()))));
        q.add(batch("pk_range", lookups / 4, () -> {
            final int k = 1 + r.nextInt(sizes.orders());
            return "select count(*), sum(o_totalprice) from orders where o_orderkey between " + k + " and " + (k + 99);
        }));
        q.add(batch("pk_prefix", lookups, () -> "select l_linenumber, l_quantity, l_shipdate from lineitem where l_orderkey = "
            + (1 + r.nextInt(sizes.orders())) + " order by l_linenumber"));
        q.add(batch("secondary_point", lookups, () -> "select o_orderkey, o_totalprice from orders where o_custkey = "
            + (1 + r.nextInt(sizes.customers()))));
        q.add(batch("secondary_range", lookups / 4, () -> {
            final String d = TpchData.START.plusDays(r.nextInt(2300)).toString();
            return "select count(*), sum(o_totalprice) from orders where o_orderdate between date '" + d + "' and date '"
                + d + "' + 6";
        }));
        q.add(batch("join_lookup", lookups, () -> "select c_name, o_orderkey, o_orderdate from customer, orders"
            + " where c_custkey = o_custkey and c_custkey = " + (1 + r.nextInt(sizes.customers()))));
        return q;
    }

    private static Query one(final String name, final String sql) {
        return new Query(name, List.of(sql), sql.contains(" order by "));
    }

    private static Query batch(final String name, final int n, final java.util.function.Supplier<String> next) {
        final List<String> s = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            s.add(next.get());
        }
        return new Query(name, List.copyOf(s), false);
    }
}
