package io.stratum.compute.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.pgwire.PgServer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * pgJDBC with arrays and enums: {@code createArrayOf} / {@code setArray} and {@code getArray} in text and
 * binary, multidimensional arrays, {@code = ANY(?)} with a bound array, enum columns, their metadata and
 * their errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcArrayEnumTest {
    @TempDir
    static Path dir;
    EngineFixture fx;
    PgServer server;

    /** Plain connections, and ones with named statements and binary arrays from the first execution (pgJDBC reads no binary numeric[]). */
    static final String[][] MODES = {{}, {"prepareThreshold", "-1", "binaryTransferEnable", "1007,1016,1009,1000,1022"}};

    @BeforeAll
    void start() throws SQLException {
        fx = new EngineFixture(dir);
        server = fx.startServer();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create type mood as enum ('sad', 'ok', 'happy')");
            s.execute("create table arr (id int primary key, ia int[], ba bigint[], ta text[], na numeric[], bo boolean[], "
                + "fa float8[], m mood)");
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

    @Test
    void arraysRoundTripThroughSetArrayAndGetArray() throws SQLException {
        for (final String[] mode : MODES) {
            try (Connection c = connect(mode); Statement s = c.createStatement()) {
                s.execute("delete from arr");
                try (PreparedStatement ps = c.prepareStatement("insert into arr (id, ia, ba, ta, na, bo, fa) values (?, ?, ?, ?, ?, ?, ?)")) {
                    for (int i = 0; i < 6; i++) {
                        ps.setInt(1, i);
                        ps.setArray(2, c.createArrayOf("int4", new Integer[] {i, null, -2147483648}));
                        ps.setArray(3, c.createArrayOf("int8", new Long[] {9_000_000_000L + i}));
                        ps.setArray(4, c.createArrayOf("text", new String[] {"a,b", "q\"uote", null, "NULL", "", "{x}"}));
                        ps.setArray(5, c.createArrayOf("numeric", new BigDecimal[] {new BigDecimal("1.50"), BigDecimal.valueOf(-i)}));
                        ps.setArray(6, c.createArrayOf("bool", new Boolean[] {true, null, false}));
                        ps.setArray(7, c.createArrayOf("float8", new Double[] {0.5, Double.NaN}));
                        assertEquals(1, ps.executeUpdate());
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("select ia, ba, ta, na, bo, fa, ia[1] from arr where id = ?")) {
                    for (int i = 0; i < 6; i++) {
                        ps.setInt(1, i);
                        try (ResultSet rs = ps.executeQuery()) {
                            assertTrue(rs.next());
                            assertArrayEquals(new Integer[] {i, null, -2147483648}, (Integer[]) rs.getArray(1).getArray());
                            assertEquals(Types.ARRAY, rs.getMetaData().getColumnType(1));
                            assertEquals("_int4", rs.getMetaData().getColumnTypeName(1));
                            assertArrayEquals(new Long[] {9_000_000_000L + i}, (Long[]) rs.getArray(2).getArray());
                            assertArrayEquals(new String[] {"a,b", "q\"uote", null, "NULL", "", "{x}"}, (String[]) rs.getArray(3).getArray());
                            assertArrayEquals(new BigDecimal[] {new BigDecimal("1.50"), BigDecimal.valueOf(-i)},
                                (BigDecimal[]) rs.getArray(4).getArray());
                            assertArrayEquals(new Boolean[] {true, null, false}, (Boolean[]) rs.getArray(5).getArray());
                            final Double[] f = (Double[]) rs.getArray(6).getArray();
                            assertEquals(0.5, f[0]);
                            assertTrue(f[1].isNaN());
                            assertEquals(i, rs.getInt(7));
                            assertFalse(rs.next());
                        }
                    }
                }
            }
        }
    }

    @Test
    void anyWithABoundArrayKeepsNullSemantics() throws SQLException {
        for (final String[] mode : MODES) {
            try (Connection c = connect(mode); Statement s = c.createStatement()) {
                s.execute("delete from arr");
                s.execute("insert into arr (id) select g from generate_series(1, 10) g");
                try (PreparedStatement ps = c.prepareStatement("select id from arr where id = any(?) order by id");
                     PreparedStatement all = c.prepareStatement("select count(*) from arr where id <> all(?)")) {
                    for (int round = 0; round < 6; round++) {
                        ps.setArray(1, c.createArrayOf("int4", new Integer[] {3, null, 7, 42}));
                        assertEquals(List.of(3, 7), ids(ps));
                        ps.setArray(1, c.createArrayOf("int4", new Integer[0]));
                        assertEquals(List.of(), ids(ps));
                        // NULL in the array: <> ALL is never true
                        all.setArray(1, c.createArrayOf("int4", new Integer[] {1, null}));
                        try (ResultSet rs = all.executeQuery()) {
                            assertTrue(rs.next());
                            assertEquals(0, rs.getInt(1));
                        }
                        all.setArray(1, c.createArrayOf("int4", new Integer[] {1, 2}));
                        try (ResultSet rs = all.executeQuery()) {
                            assertTrue(rs.next());
                            assertEquals(8, rs.getInt(1));
                        }
                    }
                }
            }
        }
    }

    private static List<Integer> ids(final PreparedStatement ps) throws SQLException {
        final List<Integer> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    @Test
    void multidimensionalArraysAndSlices() throws SQLException {
        for (final String[] mode : MODES) {
            try (Connection c = connect(mode);
                 PreparedStatement ps = c.prepareStatement("select '{{1,2,3},{4,NULL,6}}'::int[] as m, "
                     + "('{{1,2,3},{4,5,6}}'::int[])[2:2][2:3] as s, array_dims('{{1,2},{3,4}}'::int[]) as d")) {
                for (int round = 0; round < 3; round++) {
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        final Array a = rs.getArray("m");
                        final Integer[][] m = (Integer[][]) a.getArray();
                        assertArrayEquals(new Integer[] {1, 2, 3}, m[0]);
                        assertArrayEquals(new Integer[] {4, null, 6}, m[1]);
                        assertArrayEquals(new Integer[][] {{5, 6}}, (Integer[][]) rs.getArray("s").getArray());
                        assertEquals("[1:2][1:2]", rs.getString("d"));
                    }
                }
            }
        }
    }

    @Test
    void enumsThroughPgJdbc() throws SQLException {
        try (Connection c = connect("stringtype", "unspecified"); Statement s = c.createStatement()) {
            s.execute("delete from arr");
            try (PreparedStatement ps = c.prepareStatement("insert into arr (id, m) values (?, ?)")) {
                final String[] labels = {"happy", "sad", "ok", null, "happy", "sad"};
                for (int i = 0; i < labels.length; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, labels[i]);
                    ps.executeUpdate();
                }
                ps.setInt(1, 99);
                ps.setString(2, "angry");
                final SQLException e = assertThrows(SQLException.class, ps::executeUpdate);
                assertEquals("22P02", e.getSQLState());
                assertTrue(e.getMessage().contains("invalid input value for enum mood: \"angry\""), e.getMessage());
            }
            // declared order, not text order; NULL last
            final List<String> order = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select m from arr where m is distinct from ?::mood order by m, id")) {
                for (int round = 0; round < 6; round++) {
                    order.clear();
                    ps.setString(1, "ok");
                    try (ResultSet rs = ps.executeQuery()) {
                        assertEquals("mood", rs.getMetaData().getColumnTypeName(1));
                        while (rs.next()) {
                            order.add(rs.getString(1));
                        }
                    }
                    assertEquals(java.util.Arrays.asList("sad", "sad", "happy", "happy", null), order);
                }
            }
            try (ResultSet rs = s.executeQuery("select enum_range(null::mood), enum_first(null::mood), 'ok'::mood > 'sad'")) {
                assertTrue(rs.next());
                assertArrayEquals(new String[] {"sad", "ok", "happy"}, (String[]) rs.getArray(1).getArray());
                assertEquals("sad", rs.getString(2));
                assertTrue(rs.getBoolean(3));
            }
            try (ResultSet rs = c.getMetaData().getColumns(null, "public", "arr", "m")) {
                assertTrue(rs.next());
                assertEquals("mood", rs.getString("TYPE_NAME"));
            }
            final SQLException e = assertThrows(SQLException.class, () -> s.execute("drop type mood"));
            assertEquals("2BP01", e.getSQLState());
        }
    }

    @Test
    void enumLabelsAreBinaryText() throws SQLException {
        // an enum's binary form is its label's text: pgJDBC reads it as a string either way
        try (Connection c = connect("prepareThreshold", "-1");
             PreparedStatement ps = c.prepareStatement("select 'happy'::mood, null::mood")) {
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("happy", rs.getString(1));
                assertNull(rs.getString(2));
            }
        }
    }
}
