package io.stratum.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** pgJDBC 42.7 against the compute: prepared statements past the threshold, batches, transactions, types, metadata. */
class JdbcTest {
    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void preparedStatementsCrossTheNamedStatementThresholdWithBinaryResults() throws Exception {
        try (Connection c = cluster.connect("main", "prepareThreshold", "3")) {
            try (Statement s = c.createStatement()) {
                s.execute("create table kv (k int primary key, v text, n bigint)");
            }
            try (PreparedStatement ins = c.prepareStatement("insert into kv values (?, ?, ?)")) {
                for (int i = 0; i < 20; i++) {
                    ins.setInt(1, i);
                    ins.setString(2, "v" + i);
                    ins.setLong(3, i * 1_000_000_000L);
                    assertEquals(1, ins.executeUpdate());
                }
            }
            try (PreparedStatement sel = c.prepareStatement("select v, n from kv where k = ?")) {
                for (int i = 0; i < 20; i++) {
                    sel.setInt(1, i);
                    try (ResultSet rs = sel.executeQuery()) {
                        assertTrue(rs.next(), "row " + i);
                        assertEquals("v" + i, rs.getString(1));
                        assertEquals(i * 1_000_000_000L, rs.getLong(2));
                        assertFalse(rs.next());
                    }
                }
            }
        }
    }

    @Test
    void batchesAndAutocommitOff() throws Exception {
        try (Connection c = cluster.connect("main")) {
            try (Statement s = c.createStatement()) {
                s.execute("create table batch (id int primary key, name text)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("insert into batch values (?, ?)")) {
                for (int i = 0; i < 100; i++) {
                    p.setInt(1, i);
                    p.setString(2, "n" + i);
                    p.addBatch();
                }
                final int[] counts = p.executeBatch();
                assertEquals(100, counts.length);
                for (final int n : counts) {
                    assertEquals(1, n);
                }
            }
            c.rollback();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from batch")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "rolled back");
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into batch values (1, 'one')");
            }
            c.commit();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select name from batch")) {
                assertTrue(rs.next());
                assertEquals("one", rs.getString(1));
            }
            c.commit();
        }
    }

    @Test
    void everyTypeRoundTripsInTextAndBinary() throws Exception {
        for (final String threshold : new String[] {"0", "1"}) {
            try (Connection c = cluster.connect("main", "prepareThreshold", threshold)) {
                final String t = "types_" + threshold;
                try (Statement s = c.createStatement()) {
                    s.execute("create table " + t + " (a int2, b int4, c int8, d numeric(12,3), e float4, f float8, g bool,"
                        + " h text, i varchar(10), j char(3), k bytea, l timestamp, m timestamptz, n date)");
                }
                try (PreparedStatement p = c.prepareStatement("insert into " + t
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    p.setShort(1, (short) -7);
                    p.setInt(2, 123456);
                    p.setLong(3, -9_000_000_000L);
                    p.setBigDecimal(4, new BigDecimal("12345.678"));
                    p.setFloat(5, 1.5f);
                    p.setDouble(6, Math.PI);
                    p.setBoolean(7, true);
                    p.setString(8, "héllo");
                    p.setString(9, "short");
                    p.setString(10, "ab");
                    p.setBytes(11, new byte[] {0, 1, (byte) 0xFF});
                    p.setTimestamp(12, Timestamp.valueOf(LocalDateTime.of(2026, 11, 24, 20, 0, 1, 123_456_000)));
                    p.setObject(13, OffsetDateTime.of(2026, 11, 24, 20, 0, 0, 0, ZoneOffset.UTC));
                    p.setDate(14, Date.valueOf(LocalDate.of(2026, 2, 28)));
                    assertEquals(1, p.executeUpdate());
                    for (int i = 1; i <= 14; i++) {
                        p.setNull(i, java.sql.Types.NULL);
                    }
                    assertEquals(1, p.executeUpdate());
                }
                for (int round = 0; round < 3; round++) {
                    try (PreparedStatement q = c.prepareStatement("select * from " + t + " order by a nulls last");
                         ResultSet rs = q.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(-7, rs.getShort(1));
                        assertEquals(123456, rs.getInt(2));
                        assertEquals(-9_000_000_000L, rs.getLong(3));
                        assertEquals(new BigDecimal("12345.678"), rs.getBigDecimal(4));
                        assertEquals(1.5f, rs.getFloat(5));
                        assertEquals(Math.PI, rs.getDouble(6));
                        assertTrue(rs.getBoolean(7));
                        assertEquals("héllo", rs.getString(8));
                        assertEquals("short", rs.getString(9));
                        assertEquals("ab ", rs.getString(10));
                        assertArrayEquals(new byte[] {0, 1, (byte) 0xFF}, rs.getBytes(11));
                        assertEquals(LocalDateTime.of(2026, 11, 24, 20, 0, 1, 123_456_000), rs.getObject(12, LocalDateTime.class));
                        assertEquals(OffsetDateTime.of(2026, 11, 24, 20, 0, 0, 0, ZoneOffset.UTC).toInstant(),
                            rs.getObject(13, OffsetDateTime.class).toInstant());
                        assertEquals(LocalDate.of(2026, 2, 28), rs.getObject(14, LocalDate.class));
                        assertTrue(rs.next());
                        for (int i = 1; i <= 14; i++) {
                            assertNull(rs.getObject(i), "column " + i);
                        }
                        assertFalse(rs.next());
                    }
                }
            }
        }
    }

    @Test
    void metadataAnswers() throws Exception {
        try (Connection c = cluster.connect("main")) {
            try (Statement s = c.createStatement()) {
                s.execute("create table meta (id serial primary key, name varchar(30) not null, score float8)");
                s.execute("create index meta_name_idx on meta (name)");
            }
            assertEquals("main", c.getCatalog());
            assertEquals("public", c.getSchema());
            final DatabaseMetaData md = c.getMetaData();
            assertTrue(md.getDatabaseProductVersion().startsWith("15"), md.getDatabaseProductVersion());
            try (ResultSet rs = md.getTables(null, "public", "meta", new String[] {"TABLE"})) {
                assertTrue(rs.next());
                assertEquals("meta", rs.getString("TABLE_NAME"));
                assertEquals("TABLE", rs.getString("TABLE_TYPE"));
            }
            try (ResultSet rs = md.getColumns(null, "public", "meta", null)) {
                assertTrue(rs.next());
                assertEquals("id", rs.getString("COLUMN_NAME"));
                assertEquals("serial", rs.getString("TYPE_NAME"));
                assertTrue(rs.next());
                assertEquals("name", rs.getString("COLUMN_NAME"));
                assertEquals(30, rs.getInt("COLUMN_SIZE"));
                assertEquals(DatabaseMetaData.columnNoNulls, rs.getInt("NULLABLE"));
                assertTrue(rs.next());
                assertEquals("score", rs.getString("COLUMN_NAME"));
                assertFalse(rs.next());
            }
            try (ResultSet rs = md.getPrimaryKeys(null, "public", "meta")) {
                assertTrue(rs.next());
                assertEquals("id", rs.getString("COLUMN_NAME"));
                assertEquals("meta_pkey", rs.getString("PK_NAME"));
            }
            try (ResultSet rs = md.getIndexInfo(null, "public", "meta", false, false)) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertEquals(2, n, "the primary key and meta_name_idx");
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select id, name from meta")) {
                final ResultSetMetaData rmd = rs.getMetaData();
                assertEquals("meta", rmd.getTableName(1));
                assertEquals(ResultSetMetaData.columnNoNulls, rmd.isNullable(2));
                assertTrue(rmd.isAutoIncrement(1));
            }
        }
    }

    @Test
    void errorsCarryTheirSqlState() throws Exception {
        try (Connection c = cluster.connect("main"); Statement s = c.createStatement()) {
            assertEquals("42P01", assertThrows(SQLException.class, () -> s.executeQuery("select * from nope")).getSQLState());
            assertEquals("42601", assertThrows(SQLException.class, () -> s.execute("selec 1")).getSQLState());
            assertEquals("3D000", assertThrows(SQLException.class, () -> cluster.connect("no_such_branch")).getSQLState());
        }
    }

    /**
     * Data-modifying WITH through pgJDBC's extended protocol: parameters in the CTE and the main statement, the
     * switch to a named statement with binary results, the update count of the main statement, and a fetch size
     * of one row (a suspended portal) while the CTE has changed every row.
     */
    @Test
    void sqlFunctionsTakeParametersAndAReplacedBodyIsSeenByPreparedStatements() throws Exception {
        try (Connection c = cluster.connect("main", "prepareThreshold", "1");
             Connection other = cluster.connect("main")) {
            try (Statement s = c.createStatement()) {
                s.execute("create table fq (id int primary key, price numeric(8,2) not null)");
                s.execute("insert into fq select g, g * 1.5 from generate_series(1, 5) g");
                s.execute("create function fq_price(i int, markup numeric default 0) returns numeric language sql stable "
                    + "as $$ select price + markup from fq where id = i $$");
                s.execute("create function fq_upto(n int) returns table(id int, price numeric) language sql "
                    + "as 'select id, price from fq where id <= n order by id'");
            }
            try (PreparedStatement p = c.prepareStatement("select fq_price(?), fq_price(?, ?)")) {
                for (int round = 0; round < 3; round++) {
                    p.setInt(1, 2);
                    p.setInt(2, 4);
                    p.setBigDecimal(3, new BigDecimal("0.25"));
                    try (ResultSet rs = p.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(new BigDecimal("3.00"), rs.getBigDecimal(1), "round " + round);
                        assertEquals(new BigDecimal("6.25"), rs.getBigDecimal(2), "round " + round);
                    }
                }
                try (Statement s = other.createStatement()) {
                    s.execute("create or replace function fq_price(i int, markup numeric default 0) returns numeric "
                        + "language sql stable as $$ select price * 2 + markup from fq where id = i $$");
                }
                p.setInt(1, 2);
                p.setInt(2, 4);
                p.setBigDecimal(3, BigDecimal.ONE);
                try (ResultSet rs = p.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(new BigDecimal("6.00"), rs.getBigDecimal(1), "the replaced body, committed by another session");
                    assertEquals(new BigDecimal("13.00"), rs.getBigDecimal(2));
                }
            }
            try (PreparedStatement p = c.prepareStatement("select id, price from fq_upto(?) where price > ?")) {
                p.setInt(1, 4);
                p.setBigDecimal(2, new BigDecimal("2"));
                try (ResultSet rs = p.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(2, rs.getInt(1));
                    assertTrue(rs.next());
                    assertEquals(3, rs.getInt(1));
                    assertTrue(rs.next());
                    assertEquals(4, rs.getInt(1));
                    assertFalse(rs.next());
                }
            }
            final SQLException e = assertThrows(SQLException.class, () -> {
                try (Statement s = c.createStatement()) {
                    s.execute("select fq_price('x')");
                }
            });
            assertEquals("22P02", e.getSQLState(), e.getMessage());
            try (Statement s = c.createStatement()) {
                s.execute("drop function fq_price, fq_upto");
                s.execute("drop table fq");
            }
        }
    }

    @Test
    void dataModifyingWithTakesParametersAndRunsToItsEnd() throws Exception {
        try (Connection c = cluster.connect("main", "prepareThreshold", "2")) {
            try (Statement s = c.createStatement()) {
                s.execute("create table mw (id int primary key, v int not null)");
                s.execute("create table mw_log (id int, v int, op text)");
                s.execute("insert into mw select g, g * 10 from generate_series(1, 6) g");
            }
            try (PreparedStatement move = c.prepareStatement("with d as (delete from mw where id = ? returning id, v) "
                    + "insert into mw_log select id, v, ? from d")) {
                for (int id = 1; id <= 4; id++) {
                    move.setInt(1, id);
                    move.setString(2, "moved" + id);
                    assertEquals(1, move.executeUpdate(), "the main INSERT's count, id " + id);
                }
                move.setInt(1, 99);
                move.setString(2, "none");
                assertEquals(0, move.executeUpdate());
            }
            try (PreparedStatement sel = c.prepareStatement("with u as (update mw set v = v + ? returning id, v) "
                    + "select u.id, u.v, (select v from mw where mw.id = u.id) as before from u order by u.id")) {
                sel.setInt(1, 1);
                try (ResultSet rs = sel.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(5, rs.getInt(1));
                    assertEquals(51, rs.getInt(2));
                    assertEquals(50, rs.getInt(3), "the main query reads the rows as they were");
                }
            }
            c.setAutoCommit(false);
            try (PreparedStatement sel = c.prepareStatement("with u as (update mw set v = v + ? returning id) select id from u")) {
                sel.setFetchSize(1);
                sel.setInt(1, 100);
                try (ResultSet rs = sel.executeQuery()) {
                    assertTrue(rs.next());
                }
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select v from mw order by id")) {
                assertTrue(rs.next());
                assertEquals(151, rs.getInt(1));
                assertTrue(rs.next());
                assertEquals(161, rs.getInt(1), "every row changed though one was read");
                assertFalse(rs.next());
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*), min(op) from mw_log")) {
                assertTrue(rs.next());
                assertEquals(4, rs.getInt(1));
                assertEquals("moved1", rs.getString(2));
            }
        }
    }
}
