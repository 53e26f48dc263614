package io.stratum.compute.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.pgwire.PgServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
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

/** pgJDBC's DatabaseMetaData.getIndexInfo over expression and partial indexes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcIndexInfoTest {
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

    @Test
    void expressionAndPartialIndexesInGetIndexInfo() throws SQLException {
        final Properties p = new Properties();
        p.setProperty("user", "stratum");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/main", p);
             Statement s = c.createStatement()) {
            s.execute("create table users (id int primary key, email text, deleted_at date)");
            s.execute("create unique index users_email on users (lower(email))");
            s.execute("create index users_live on users (id) where deleted_at is null");
            final List<String> rows = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getIndexInfo(null, "public", "users", false, false)) {
                while (rs.next()) {
                    rows.add(rs.getString("INDEX_NAME") + " " + rs.getBoolean("NON_UNIQUE") + " " + rs.getShort("ORDINAL_POSITION")
                        + " " + rs.getString("COLUMN_NAME") + " " + rs.getString("FILTER_CONDITION"));
                }
            }
            assertTrue(rows.contains("users_email false 1 lower(email) null"), rows.toString());
            assertTrue(rows.contains("users_live true 1 id (deleted_at IS NULL)"), rows.toString());
            assertEquals(3, rows.size(), rows.toString());
        }
    }
}
