package io.stratum.compute.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.pgwire.PgServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PGobject;

/** pgJDBC with json and jsonb: PGobject parameters and results, text and binary forms, metadata, errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcJsonTest {
    @TempDir
    static Path dir;
    EngineFixture fx;
    PgServer server;

    @BeforeAll
    void start() throws SQLException {
        fx = new EngineFixture(dir);
        server = fx.startServer();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table docs (id int primary key, doc jsonb, raw json)");
        }
    }

    @AfterAll
    void stop() {
        fx.close();
    }

    Connection connect(final String... props) throws SQLException {
        final Properties p = new Properties();
        p.setProperty("user", "stratum");
        for (int i = 0; i + 1 < props.length; i += 2) {
            p.setProperty(props[i], props[i + 1]);
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/main", p);
    }

    private static PGobject json(final String type, final String value) throws SQLException {
        final PGobject o = new PGobject();
        o.setType(type);
        o.setValue(value);
        return o;
    }

    @Test
    void pgObjectsRoundTripInTextAndBinary() throws SQLException {
        // the second connection asks for jsonb and json results in binary from the first execution
        for (final String[] props : new String[][] {{}, {"prepareThreshold", "1", "binaryTransferEnable", "3802,114"}}) {
            try (Connection c = connect(props); Statement s = c.createStatement()) {
                s.execute("delete from docs");
                try (PreparedStatement ps = c.prepareStatement("insert into docs values (?, ?, ?)")) {
                    for (int i = 0; i < 6; i++) {
                        ps.setInt(1, i);
                        ps.setObject(2, json("jsonb", "{\"n\": " + i + ", \"tags\":[\"a\",\"b\"], \"b\": 1, \"a\": null}"));
                        ps.setObject(3, json("json", "{\"n\" :  " + i + "}"));
                        ps.executeUpdate();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("select doc, raw, doc->>'n', doc->'tags' from docs where doc @> ? order by id")) {
                    for (int i = 0; i < 6; i++) {
                        ps.setObject(1, json("jsonb", "{\"n\":" + i + "}"));
                        try (ResultSet rs = ps.executeQuery()) {
                            assertTrue(rs.next());
                            final String docText = "{\"a\": null, \"b\": 1, \"n\": " + i + ", \"tags\": [\"a\", \"b\"]}";
                            final String rawText = "{\"n\" :  " + i + "}";
                            if (props.length > 0 && i > 0) {
                                // binary results (pgJDBC, as with PostgreSQL, gives their bytes, not a PGobject value):
                                // jsonb is a version byte 1 and the text, json the text
                                final byte[] t = docText.getBytes(StandardCharsets.UTF_8);
                                final byte[] expected = new byte[t.length + 1];
                                expected[0] = 1;
                                System.arraycopy(t, 0, expected, 1, t.length);
                                assertArrayEquals(expected, rs.getBytes(1));
                                assertArrayEquals(rawText.getBytes(StandardCharsets.UTF_8), rs.getBytes(2));
                            } else {
                                final PGobject doc = (PGobject) rs.getObject(1);
                                assertEquals("jsonb", doc.getType());
                                assertEquals(docText, doc.getValue());
                                final PGobject raw = (PGobject) rs.getObject(2);
                                assertEquals("json", raw.getType());
                                assertEquals(rawText, raw.getValue());
                            }
                            assertEquals(String.valueOf(i), rs.getString(3));
                            if (props.length == 0) {
                                assertEquals("[\"a\", \"b\"]", rs.getString(4));
                            }
                            assertEquals("jsonb", rs.getMetaData().getColumnTypeName(1));
                            assertEquals("json", rs.getMetaData().getColumnTypeName(2));
                            assertEquals(Types.OTHER, rs.getMetaData().getColumnType(1));
                            assertFalse(rs.next());
                        }
                    }
                }
            }
        }
    }

    @Test
    void textParametersNeedACastAsOnPostgres() throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("insert into docs (id, doc) values (100, ?)")) {
            ps.setString(1, "{\"a\":1}");
            final SQLException e = assertThrows(SQLException.class, ps::executeUpdate);
            assertEquals("42804", e.getSQLState());
        }
        try (Connection c = connect("stringtype", "unspecified");
             PreparedStatement ps = c.prepareStatement("insert into docs (id, doc) values (101, ?)")) {
            ps.setString(1, "{\"a\":1}");
            assertEquals(1, ps.executeUpdate());
            ps.setString(1, "{\"a\":");
            assertEquals("22P02", assertThrows(SQLException.class, ps::executeUpdate).getSQLState());
        }
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("select doc ->> ? from docs where id = 101")) {
            ps.setString(1, "a");
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("1", rs.getString(1));
            }
        }
    }

    @Test
    void metadataNamesTheTypes() throws SQLException {
        try (Connection c = connect(); ResultSet rs = c.getMetaData().getColumns(null, "public", "docs", "%")) {
            final StringBuilder sb = new StringBuilder();
            while (rs.next()) {
                sb.append(rs.getString("COLUMN_NAME")).append(':').append(rs.getString("TYPE_NAME")).append(':')
                    .append(rs.getInt("DATA_TYPE")).append(' ');
            }
            assertEquals("id:int4:4 doc:jsonb:1111 raw:json:1111 ", sb.toString());
        }
    }

    @Test
    void setReturningFunctionsAndAggregates() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select e.key, e.value, jsonb_typeof(e.value) from jsonb_each('{\"b\":[1],\"a\":\"x\"}') e")) {
            assertTrue(rs.next());
            assertEquals("a", rs.getString(1));
            assertEquals("\"x\"", rs.getString(2));
            assertEquals("string", rs.getString(3));
            assertTrue(rs.next());
            assertEquals("[1]", ((PGobject) rs.getObject(2)).getValue());
            assertFalse(rs.next());
        }
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select jsonb_agg(x order by x desc), json_object_agg(x, x * 2) from generate_series(1, 3) x")) {
            assertTrue(rs.next());
            assertEquals("[3, 2, 1]", rs.getString(1));
            assertEquals("{ \"1\" : 2, \"2\" : 4, \"3\" : 6 }", rs.getString(2));
        }
    }

    @Test
    void hostileNestingFailsCleanly() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            final SQLException e = assertThrows(SQLException.class,
                () -> s.executeQuery("select (repeat('[', 100000) || repeat(']', 100000))::jsonb"));
            assertEquals("54001", e.getSQLState());
            final SQLException r = assertThrows(SQLException.class, () -> s.executeQuery(
                "with recursive r(n, j) as (select 1, '[]'::jsonb union all select n + 1, jsonb_build_array(j) from r where n < 5000)"
                    + " select max(n) from r"));
            assertEquals("54001", r.getSQLState());
            // the session is still usable
            try (ResultSet rs = s.executeQuery("select '{\"ok\":true}'::jsonb->'ok'")) {
                assertTrue(rs.next());
                assertEquals("true", rs.getString(1));
            }
        }
    }
}
