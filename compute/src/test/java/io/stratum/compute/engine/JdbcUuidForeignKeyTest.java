package io.stratum.compute.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.pgwire.PgServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** pgJDBC with uuid values (text and binary) and FOREIGN KEY metadata (getImportedKeys / getExportedKeys). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcUuidForeignKeyTest {
    @TempDir
    static Path dir;
    EngineFixture fx;
    PgServer server;

    @BeforeAll
    void start() {
        fx = new EngineFixture(dir);
        server = fx.startServer();
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
    void uuidsInTextAndBinary() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table u (id uuid primary key default gen_random_uuid(), n int)");
            final List<UUID> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("insert into u (id, n) values (?, ?)")) {
                for (int i = 0; i < 10; i++) {
                    final UUID id = UUID.randomUUID();
                    ids.add(id);
                    ps.setObject(1, id);
                    ps.setInt(2, i);
                    ps.executeUpdate();
                }
            }
            // from the 5th execution pgJDBC binds and reads uuids in binary
            try (PreparedStatement ps = c.prepareStatement("select id, n from u where id = ?")) {
                for (int i = 0; i < 10; i++) {
                    ps.setObject(1, ids.get(i));
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(ids.get(i), rs.getObject(1));
                        assertEquals(i, rs.getInt(2));
                    }
                }
            }
            s.execute("insert into u (n) values (100)");
            try (ResultSet rs = s.executeQuery("select id from u where n = 100")) {
                assertTrue(rs.next());
                assertEquals(4, ((UUID) rs.getObject(1)).version());
            }
        }
    }

    @Test
    void importedAndExportedKeys() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table fp (a int, b int, primary key (a, b))");
            s.execute("create table fc (id int primary key, x int, y int, constraint fc_xy foreign key (x, y) "
                + "references fp (a, b) on delete cascade)");
            final DatabaseMetaData md = c.getMetaData();
            final List<String> imported = new ArrayList<>();
            try (ResultSet rs = md.getImportedKeys(null, "public", "fc")) {
                while (rs.next()) {
                    imported.add(rs.getString("PKTABLE_NAME") + "." + rs.getString("PKCOLUMN_NAME") + "->"
                        + rs.getString("FKTABLE_NAME") + "." + rs.getString("FKCOLUMN_NAME") + " " + rs.getInt("KEY_SEQ")
                        + " " + rs.getString("FK_NAME") + " " + rs.getString("PK_NAME") + " " + rs.getInt("DELETE_RULE")
                        + " " + rs.getInt("UPDATE_RULE"));
                }
            }
            assertEquals(List.of("fp.a->fc.x 1 fc_xy fp_pkey " + DatabaseMetaData.importedKeyCascade + " "
                + DatabaseMetaData.importedKeyNoAction, "fp.b->fc.y 2 fc_xy fp_pkey " + DatabaseMetaData.importedKeyCascade
                + " " + DatabaseMetaData.importedKeyNoAction), imported);
            int exported = 0;
            try (ResultSet rs = md.getExportedKeys(null, "public", "fp")) {
                while (rs.next()) {
                    assertEquals("fc", rs.getString("FKTABLE_NAME"));
                    exported++;
                }
            }
            assertEquals(2, exported);
        }
    }
}
