package io.stratum.compute.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.sql.ast.*;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** COMMENT ON, roles, databases, cursors, GRANT/REVOKE, SET CONSTRAINTS. */
class MiscStatementTest {
    static Statement one(final String sql) {
        return Parser.parseOne(sql);
    }

    @Test
    void everyLineOfTheResourceParses() throws Exception {
        // each line was accepted by PostgreSQL 15.18's grammar (no 42601)
        try (InputStream in = getClass().getResourceAsStream("/sql/misc-statements.txt")) {
            final String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int n = 0;
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    assertEquals(1, Parser.parse(line).size(), line);
                    n++;
                }
            }
            assertTrue(n > 30);
        }
    }

    @Test
    void comments() {
        final CommentOn c = (CommentOn) one("COMMENT ON TABLE orders IS 'the orders'");
        assertEquals("table", c.objectKind());
        assertEquals(List.of("orders"), c.name());
        assertEquals("the orders", c.comment());
        final CommentOn col = (CommentOn) one("COMMENT ON COLUMN public.orders.amount IS NULL");
        assertEquals("column", col.objectKind());
        assertEquals(List.of("public", "orders", "amount"), col.name());
        assertNull(col.comment());
        assertEquals("materialized view", ((CommentOn) one("COMMENT ON MATERIALIZED VIEW mv IS 'x'")).objectKind());
    }

    @Test
    void roles() {
        final CreateRole r = (CreateRole) one("CREATE ROLE bob WITH LOGIN PASSWORD 'secret' CONNECTION LIMIT 5");
        assertFalse(r.user());
        assertEquals(List.of("login", "password", "connection_limit"), r.options().stream().map(Option::name).toList());
        assertEquals("secret", r.options().get(1).value());
        assertTrue(((CreateRole) one("CREATE USER alice")).user());
        final AlterRole a = (AlterRole) one("ALTER ROLE bob PASSWORD NULL");
        assertNull(a.options().get(0).value());
        assertEquals("robert", ((AlterRole) one("ALTER USER bob RENAME TO robert")).renameTo());
        final DropRole d = (DropRole) one("DROP ROLE IF EXISTS bob, alice");
        assertTrue(d.ifExists());
        assertEquals(List.of("bob", "alice"), d.names());
    }

    @Test
    void databases() {
        final CreateDatabase c = (CreateDatabase) one("CREATE DATABASE dev WITH TEMPLATE = template0 ENCODING 'UTF8'");
        assertEquals("dev", c.name());
        assertEquals("template0", c.options().get(0).value());
        assertEquals("UTF8", c.options().get(1).value());
        final DropDatabase d = (DropDatabase) one("DROP DATABASE IF EXISTS dev WITH (FORCE)");
        assertTrue(d.ifExists());
        assertTrue(d.force());
    }

    @Test
    void cursors() {
        final DeclareCursor d = (DeclareCursor) one("DECLARE _psql_cursor NO SCROLL CURSOR FOR SELECT * FROM orders");
        assertEquals("_psql_cursor", d.name());
        assertEquals(Boolean.FALSE, d.scroll());
        assertTrue(((DeclareCursor) one("DECLARE c BINARY CURSOR WITH HOLD FOR SELECT 1")).hold());
        final Fetch f = (Fetch) one("FETCH FORWARD 100 FROM _psql_cursor");
        assertEquals("forward", f.direction());
        assertEquals(100L, f.count());
        assertEquals("_psql_cursor", f.cursor());
        assertTrue(((Fetch) one("FETCH ALL IN c")).all());
        assertEquals("next", ((Fetch) one("FETCH c")).direction());
        assertEquals(-1L, ((Fetch) one("FETCH ABSOLUTE -1 FROM c")).count());
        assertTrue(((Fetch) one("MOVE BACKWARD ALL IN c")).move());
        assertNull(((ClosePortal) one("CLOSE ALL")).name());
        assertEquals("c", ((ClosePortal) one("CLOSE c")).name());
    }

    @Test
    void grantsAndConstraints() {
        final GrantRevoke g = (GrantRevoke) one("GRANT ALL PRIVILEGES ON TABLE orders, items TO bob, PUBLIC WITH GRANT OPTION");
        assertTrue(g.grant());
        assertEquals(List.of("all"), g.privileges());
        assertEquals("table", g.objectKind());
        assertEquals(2, g.objects().size());
        assertEquals(List.of("bob", "public"), g.grantees());
        assertTrue(g.withGrantOption());
        final GrantRevoke r = (GrantRevoke) one("REVOKE SELECT ON ALL TABLES IN SCHEMA public FROM bob CASCADE");
        assertFalse(r.grant());
        assertEquals("all tables in schema", r.objectKind());
        assertTrue(r.cascade());
        final GrantRevoke role = (GrantRevoke) one("GRANT bob TO alice");
        assertNull(role.objectKind());
        assertEquals(List.of("bob"), role.privileges());
        final SetConstraints s = (SetConstraints) one("SET CONSTRAINTS ALL DEFERRED");
        assertTrue(s.names().isEmpty());
        assertTrue(s.deferred());
    }
}
