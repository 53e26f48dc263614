package io.stratum.compute.sql.parser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AutoParamsTest {
    @Test
    void numbersBecomeParametersTypedAsPostgresTypesTheLiteral() {
        final AutoParams.Parameterized p = AutoParams.of(
            "UPDATE pgbench_accounts SET abalance = abalance + -4321 WHERE aid = 3000000000 AND x < 1.50 OR y = 99999999999999999999");
        assertEquals("UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2 AND x < $3 OR y = $4", p.sql());
        assertEquals(List.of(PgType.INT4, PgType.INT8, PgType.NUMERIC, PgType.NUMERIC), p.types());
        assertArrayEquals(new Object[] {-4321, 3000000000L, new BigDecimal("1.50"), new BigDecimal("99999999999999999999")},
            p.values());
    }

    @Test
    void statementsThatDifferOnlyInNumbersShareTheirText() {
        assertEquals(AutoParams.of("SELECT abalance FROM pgbench_accounts WHERE aid = 7").sql(),
            AutoParams.of("SELECT abalance FROM pgbench_accounts WHERE aid = 123456").sql());
        assertEquals("INSERT INTO h (tid, delta, mtime) VALUES ($1, $2, CURRENT_TIMESTAMP)",
            AutoParams.of("INSERT INTO h (tid, delta, mtime) VALUES (5, 17, CURRENT_TIMESTAMP)").sql());
    }

    @Test
    void aUnaryMinusIsPartOfTheConstantAsInPostgres() {
        final AutoParams.Parameterized p = AutoParams.of(
            "SELECT -2147483648, -9223372036854775808, (-1.5), 2 - 3, -7::text, f(-1)[-2] FROM t");
        assertEquals("SELECT $1, $2, ($3), $4 - $5, -$6::text, f($7)[$8] FROM t", p.sql());
        assertEquals(List.of(PgType.INT4, PgType.INT8, PgType.NUMERIC, PgType.INT4, PgType.INT4, PgType.INT4,
            PgType.INT4, PgType.INT4), p.types());
        assertArrayEquals(new Object[] {Integer.MIN_VALUE, Long.MIN_VALUE, new BigDecimal("-1.5"), 2, 3, 7, -1, -2},
            p.values());
        assertNull(AutoParams.of("SELECT x -5 FROM t"), "a column or a keyword before the minus: cannot tell here");
    }

    @Test
    void stringsCommentsAndIdentifiersStayAsWritten() {
        final AutoParams.Parameterized p = AutoParams.of("SELECT '12', \"c1\" /* 3 */ FROM t9 WHERE a = 4 -- 5");
        assertEquals("SELECT '12', \"c1\" /* 3 */ FROM t9 WHERE a = $1 -- 5", p.sql());
        assertEquals(List.of(PgType.INT4), p.types());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT a FROM t ORDER BY 1",           // positional reference
        "SELECT a, count(*) FROM t GROUP BY 1",
        "SELECT DISTINCT ON (1) a FROM t",
        "SELECT a FROM t LIMIT 5",
        "SELECT a FROM t OFFSET 5",
        "SELECT a FROM t FETCH FIRST 2 ROWS ONLY",
        "SELECT sum(a) OVER (ROWS 2 PRECEDING) FROM t",
        "SELECT $1 + 2",                        // has parameters of its own
        "SELECT a FROM t",                      // nothing to take out
        "CREATE TABLE t (a numeric(10, 2) DEFAULT 5)",
        "SET statement_timeout = 5",
        "EXPLAIN SELECT 1",
        "WITH x AS (SELECT 1) SELECT * FROM x",
        "SELECT 'unterminated",                 // lexer error: left to the parser to report
    })
    void statementsWhereANumberMayNotBeAValueDoNotQualify(final String sql) {
        assertNull(AutoParams.of(sql));
    }

    @Test
    void longValuesListsDoNotQualify() {
        final StringBuilder sb = new StringBuilder("INSERT INTO t VALUES (0)");
        for (int i = 1; i < AutoParams.MAX_LITERALS; i++) {
            sb.append(", (").append(i).append(')');
        }
        assertEquals(AutoParams.MAX_LITERALS, AutoParams.of(sb.toString()).types().size());
        assertNull(AutoParams.of(sb.append(", (99)").toString()));
    }
}
