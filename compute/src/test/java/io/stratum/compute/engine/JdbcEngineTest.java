package io.stratum.compute.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.pgwire.PgServer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

/** pgJDBC 42.7 against the real server (pgwire) with this engine over a real store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcEngineTest {
    @TempDir
    static Path dir;
    EngineFixture fx;
    PgServer server;

    @BeforeAll
    void start() throws SQLException {
        fx = new EngineFixture(dir);
        server = fx.startServer();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table items (id serial primary key, name varchar(40) not null, price numeric(10,2), "
                + "qty int default 0, added timestamptz default now(), ok boolean)");
            s.execute("create index items_name_idx on items (name)");
        }
    }

    @AfterAll
    void stop() {
        fx.close();
    }

    Connection connect() throws SQLException {
        final Properties p = new Properties();
        p.setProperty("user", "stratum");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/main", p);
    }

    @Test
    void preparedStatementsPastTheThresholdAndBatches() throws SQLException {
        try (Connection c = connect()) {
            try (PreparedStatement ps = c.prepareStatement("insert into items (name, price, qty, ok) values (?, ?, ?, ?)")) {
                for (int i = 0; i < 20; i++) {
                    ps.setString(1, "item" + i);
                    ps.setBigDecimal(2, new BigDecimal(i + ".25"));
                    ps.setInt(3, i);
                    ps.setBoolean(4, i % 2 == 0);
                    ps.addBatch();
                }
                assertEquals(20, ps.executeBatch().length);
            }
            try (PreparedStatement ps = c.prepareStatement("select name, price, qty, ok, added from items where name = ?")) {
                for (int i = 1; i <= 10; i++) {
                    ps.setString(1, "item" + (i - 1));
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals("item" + (i - 1), rs.getString(1));
                        assertEquals(new BigDecimal((i - 1) + ".25"), rs.getBigDecimal(2));
                        assertEquals(i - 1, rs.getInt(3));
                        assertEquals((i - 1) % 2 == 0, rs.getBoolean(4));
                        assertTrue(rs.getTimestamp(5) != null);
                        assertFalse(rs.next());
                    }
                }
            }
        }
    }

    @Test
    void autocommitOffAndErrors() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("insert into items (name) values ('tx1')");
            c.rollback();
            s.executeUpdate("insert into items (name) values ('tx2')");
            c.commit();
            c.setAutoCommit(true);
            try (ResultSet rs = s.executeQuery("select count(*) from items where name like 'tx%'")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
            final PSQLException e = org.junit.jupiter.api.Assertions.assertThrows(PSQLException.class,
                () -> s.executeQuery("select * from nosuch"));
            assertEquals("42P01", e.getSQLState());
            try (ResultSet rs = s.executeQuery("select current_catalog, current_schema(), version()")) {
                rs.next();
                assertEquals("main", rs.getString(1));
                assertEquals("public", rs.getString(2));
                assertTrue(rs.getString(3).startsWith("PostgreSQL 15"));
            }
            assertEquals("main", c.getCatalog());
            assertEquals("public", c.getSchema());
        }
    }

    @Test
    void metadata() throws SQLException {
        try (Connection c = connect()) {
            final DatabaseMetaData md = c.getMetaData();
            final List<String> tables = new ArrayList<>();
            try (ResultSet rs = md.getTables(null, "public", "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertTrue(tables.contains("items"), tables.toString());
            final List<String> cols = new ArrayList<>();
            try (ResultSet rs = md.getColumns(null, "public", "items", "%")) {
                while (rs.next()) {
                    cols.add(rs.getString("COLUMN_NAME") + ":" + rs.getString("TYPE_NAME") + ":" + rs.getInt("ORDINAL_POSITION"));
                }
            }
            assertEquals(List.of("id:serial:1", "name:varchar:2", "price:numeric:3", "qty:int4:4", "added:timestamptz:5",
                "ok:bool:6"), cols);
            try (ResultSet rs = md.getPrimaryKeys(null, "public", "items")) {
                assertTrue(rs.next());
                assertEquals("id", rs.getString("COLUMN_NAME"));
                assertEquals("items_pkey", rs.getString("PK_NAME"));
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select id, name, qty + 1 from items limit 1")) {
                final ResultSetMetaData m = rs.getMetaData();
                assertEquals("items", m.getTableName(1));
                assertEquals(ResultSetMetaData.columnNoNulls, m.isNullable(2));
                assertTrue(m.isAutoIncrement(1));
            }
        }
    }
}
