package io.stratum.compute.engine;

import static io.stratum.compute.engine.SqlClient.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expression and partial indexes through a session over a real store: DDL checks, maintenance by INSERT /
 * UPDATE / DELETE / COPY / TRUNCATE / ALTER TABLE, uniqueness with PostgreSQL's DETAIL, ON CONFLICT inference,
 * the planner's choice (EXPLAIN) and the catalog's definitions.
 */
class ExpressionIndexTest extends EngineClassTest {
    @Override
    void schema() {
    }

    private String err(final String sql) {
        final io.stratum.compute.session.SqlException e = c.exception(sql);
        return e.sqlState() + " " + e.getMessage();
    }

    private String plan(final String sql) {
        return String.join("\n", c.q("explain " + sql).column(0));
    }

    @Test
    void uniqueExpressionIndexEnforcesAndIsChosen() {
        c.q("create table users (id int primary key, email text)");
        c.q("create unique index on users (lower(email))");
        c.q("insert into users values (1, 'A@b.c'), (2, 'x@y.z')");
        assertEquals("23505 duplicate key value violates unique constraint \"users_lower_idx\"",
            err("insert into users values (3, 'a@B.C')"));
        assertEquals("Key (lower(email))=(a@b.c) already exists.", c.exception("insert into users values (3, 'a@B.C')").detail());
        final String p = plan("select id from users where lower(email) = 'x@y.z'");
        assertTrue(p.contains("Index Scan using users_lower_idx on users"), p);
        assertTrue(p.contains("Index Cond: (lower(email) = 'x@y.z'::text)"), p);
        assertEquals(List.of(row("2")), c.rows("select id from users where lower(email) = 'x@y.z'"));
        // an UPDATE of the column changes the key (not a HOT update)
        c.q("update users set email = 'Q@y.z' where id = 2");
        assertEquals(List.of(), c.rows("select id from users where lower(email) = 'x@y.z'"));
        assertEquals(List.of(row("2")), c.rows("select id from users where lower(email) = 'q@y.z'"));
        assertEquals("CREATE UNIQUE INDEX users_lower_idx ON public.users USING btree (lower(email))",
            c.one("select indexdef from pg_indexes where indexname = 'users_lower_idx'"));
        c.q("insert into users values (5, 'a@b.C') on conflict (lower(email)) do update set email = excluded.email");
        assertEquals(List.of(row("1", "a@b.C")), c.rows("select id, email from users where lower(email) = 'a@b.c'"));
    }

    @Test
    void partialIndexHoldsOnlyItsRows() {
        c.q("create table orders (id int primary key, customer_id int, deleted_at date)");
        c.q("create index orders_live on orders (customer_id) where deleted_at is null");
        c.q("insert into orders select g, g % 10, case when g % 3 = 0 then date '2020-01-01' end from generate_series(1, 300) g");
        final String p = plan("select count(*) from orders where customer_id = 4 and deleted_at is null");
        assertTrue(p.contains("Index Scan using orders_live on orders"), p);
        assertEquals(c.one("select count(*) from orders where customer_id + 0 = 4 and deleted_at is null"),
            c.one("select count(*) from orders where customer_id = 4 and deleted_at is null"));
        final String q = plan("select count(*) from orders where customer_id = 4");
        assertTrue(!q.contains("orders_live"), q);
        assertEquals("CREATE INDEX orders_live ON public.orders USING btree (customer_id) WHERE (deleted_at IS NULL)",
            c.one("select pg_get_indexdef('orders_live'::regclass)"));
        assertEquals("CREATE INDEX orders_live ON orders USING btree (customer_id) WHERE deleted_at IS NULL",
            c.one("select pg_get_indexdef('orders_live'::regclass, 0, true)"));
    }

    @Test
    void partialUniqueAndOnConflictWhere() {
        c.q("create table subs (id int, active boolean, k text)");
        c.q("create unique index subs_one_active on subs (id) where active");
        c.q("insert into subs values (1, true, 'a'), (1, false, 'b'), (1, false, 'c')");
        assertEquals("23505 duplicate key value violates unique constraint \"subs_one_active\"",
            err("insert into subs values (1, true, 'd')"));
        assertEquals("42P10 there is no unique or exclusion constraint matching the ON CONFLICT specification",
            err("insert into subs values (1, true, 'd') on conflict (id) do nothing"));
        c.q("insert into subs values (1, true, 'd') on conflict (id) where active do update set k = excluded.k");
        assertEquals(List.of(row("d")), c.rows("select k from subs where active"));
    }

    @Test
    void definitionErrors() {
        c.q("create table e (a int, b text, t timestamptz)");
        assertEquals("42P17 functions in index expression must be marked IMMUTABLE", err("create index on e ((a + random()::int))"));
        assertEquals("42P17 functions in index predicate must be marked IMMUTABLE", err("create index on e (a) where t > now()"));
        assertEquals("0A000 cannot use subquery in index expression", err("create index on e (((select 1)))"));
        assertEquals("0A000 cannot use subquery in index predicate", err("create index on e (a) where a in (select 1)"));
        assertEquals("42803 aggregate functions are not allowed in index expressions", err("create index on e ((max(a)))"));
        assertEquals("42804 argument of WHERE must be type boolean, not type integer", err("create index on e (a) where a"));
        assertEquals("42703 column \"z\" does not exist", err("create index on e ((z + 1))"));
        assertEquals("42P17 functions in index expression must be marked IMMUTABLE", err("create index on e ((t::date))"));
    }

    @Test
    void copyTruncateAlterAndRestartKeepTheIndexRight() {
        c.q("create table docs (id int, doc jsonb, n int)");
        c.q("create unique index docs_k on docs ((doc ->> 'k')) where n > 0");
        c.copyIn("copy docs from stdin", "1\t{\"k\": \"a\"}\t1\n2\t{\"k\": \"a\"}\t0\n3\t{\"k\": \"b\"}\t2\n");
        assertEquals("Key ((doc ->> 'k'::text))=(a) already exists.",
            c.exception("insert into docs values (4, '{\"k\": \"a\"}', 5)").detail());
        final String p = plan("select id from docs where doc ->> 'k' = 'b' and n > 0");
        assertTrue(p.contains("Index Scan using docs_k on docs"), p);
        assertTrue(p.contains("Index Cond: ((doc ->> 'k'::text) = 'b'::text)"), p);
        assertTrue(!p.contains("Filter"), p);
        c.q("alter table docs alter column n type bigint");
        assertEquals(List.of(row("3")), c.rows("select id from docs where doc ->> 'k' = 'b' and n > 0"));
        assertEquals("23505", c.error("insert into docs values (4, '{\"k\": \"b\"}', 5)"));
        c.q("alter table docs rename column doc to body");
        assertEquals("CREATE UNIQUE INDEX docs_k ON docs USING btree ((body ->> 'k'::text)) WHERE n > 0",
            c.one("select pg_get_indexdef('docs_k'::regclass, 0, true)"));
        // a fresh engine reads the definition from the catalog heaps
        final SqlClient other = new SqlClient(new SqlEngine(SqlEngineConfig.defaults()).open(fx.store, "stratum", "main",
            false, java.util.Map.of()));
        assertEquals("CREATE UNIQUE INDEX docs_k ON public.docs USING btree (((body ->> 'k'::text))) WHERE (n > 0)",
            other.one("select pg_get_indexdef('docs_k'::regclass)"));
        assertEquals("23505", other.error("insert into docs values (4, '{\"k\": \"b\"}', 5)"));
        c.q("truncate docs");
        c.q("insert into docs values (4, '{\"k\": \"b\"}', 5)");
        assertEquals(List.of(row("4")), c.rows("select id from docs where body ->> 'k' = 'b' and n > 0"));
        c.q("alter table docs drop column body");
        assertEquals("0", c.one("select count(*) from pg_indexes where indexname = 'docs_k'"));
    }
}
