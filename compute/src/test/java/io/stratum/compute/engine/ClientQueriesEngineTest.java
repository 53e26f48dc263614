package io.stratum.compute.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratum.compute.session.PreparedStatement;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.parser.Parser;
import io.stratum.compute.types.PgType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every catalog query psql 15 and pgJDBC 42.7 were seen sending (captured from a real server's log) runs
 * through the engine without an error, against a schema like the one they were captured on.
 */
class ClientQueriesEngineTest {
    /** Statements that fail in PostgreSQL too on this schema or use types Stratum lacks. */
    private static final Set<String> EXPECTED_FAILURES = Set.of("select $1::int4[], $2::inet, $3");

    @TempDir
    Path dir;
    EngineFixture fx;
    SqlClient c;

    @BeforeEach
    void setUp() {
        fx = new EngineFixture(dir);
        c = fx.client();
        c.q("create table orders (id serial primary key, customer text not null, total numeric(10,2) default 0, "
            + "placed timestamptz default now())");
        c.q("create table items (order_id int, sku varchar(20), qty int check (qty > 0), unique (order_id, sku))");
        c.q("create index idx on items (sku)");
        c.q("create schema s2");
        c.q("create table s2.t (a int)");
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    static String read(final String file) throws IOException {
        try (InputStream in = ClientQueriesEngineTest.class.getResourceAsStream("/sql/clients/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Object sample(final PgType t) {
        switch (t) {
            case INT2: return (short) 1;
            case INT4: return 1;
            case INT8: case OID: case REGCLASS: return 16385L;
            case BOOL: return true;
            default: return "%";
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"psql15-describe.sql", "pgjdbc-42.7.13.sql", "pgjdbc-metadata.sql", "pgjdbc-typeinfo.sql"})
    void runsWithoutErrors(final String file) throws IOException {
        final List<String> failures = new ArrayList<>();
        int n = 0;
        for (final String sql : Parser.split(read(file))) {
            n++;
            try {
                final PreparedStatement ps = c.session.prepare(sql, List.of());
                final Object[] params = new Object[ps.parameterTypes().size()];
                for (int i = 0; i < params.length; i++) {
                    params[i] = sample(ps.parameterTypes().get(i));
                }
                c.run(sql, List.of(), params);
            } catch (final SqlException e) {
                if (!EXPECTED_FAILURES.contains(sql.trim())) {
                    failures.add(e.sqlState() + " " + e.getMessage() + " <- " + sql.substring(0, Math.min(sql.length(), 300)));
                }
                if (c.session.transactionStatus() == 'E') {
                    c.q("rollback");
                }
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + n + " failed");
        org.junit.jupiter.api.Assertions.assertTrue(n >= 3, "statements run: " + n);
    }
}
