package io.stratum.compute.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratum.compute.session.SqlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Syntax errors: SQLSTATE, message and 1-based position. Every expected value of {@link #likePostgres} and
 * {@link #unterminatedQuotesAndComments} was produced by a PostgreSQL 15.18 server (via psql) for the same text.
 */
class SyntaxErrorTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
        select 1 +                                    ==> syntax error at end of input ==> 11
        select 1 + ;                                  ==> syntax error at or near ";" ==> 12
        select * from                                 ==> syntax error at end of input ==> 14
        select 1 from t where                         ==> syntax error at end of input ==> 22
        select a b c from t                           ==> syntax error at or near "c" ==> 12
        selec 1                                       ==> syntax error at or near "selec" ==> 1
        select (1                                     ==> syntax error at end of input ==> 10
        select 1)                                     ==> syntax error at or near ")" ==> 9
        select * from t join u                        ==> syntax error at end of input ==> 23
        select * from t order by                      ==> syntax error at end of input ==> 25
        insert into t values (1                       ==> syntax error at end of input ==> 24
        update t set a =                              ==> syntax error at end of input ==> 17
        create table t (a int,)                       ==> syntax error at or near ")" ==> 23
        create table t (a)                            ==> syntax error at end of input ==> 19
        select case when 1 then 2                     ==> syntax error at end of input ==> 26
        select cast(1 as)                             ==> syntax error at or near ")" ==> 17
        select 1::                                    ==> syntax error at end of input ==> 11
        select x from t where a = = 1                 ==> syntax error at or near "=" ==> 27
        select 1 where a between 1                    ==> syntax error at end of input ==> 27
        SELECT * FROM t WHERE x IN ()                 ==> syntax error at or near ")" ==> 29
        select * from (select 1)                      ==> subquery in FROM must have an alias ==> 15
        SELECT * FROM (VALUES (1))                    ==> VALUES in FROM must have an alias ==> 15
        SELECT * FROM LATERAL (SELECT 1)              ==> subquery in FROM must have an alias ==> 23
        select 12abc                                  ==> trailing junk after numeric literal at or near "12abc" ==> 8
        SELECT 1e                                     ==> trailing junk after numeric literal at or near "1e" ==> 8
        SELECT 0x1F                                   ==> trailing junk after numeric literal at or near "0x1F" ==> 8
        select $1abc                                  ==> trailing junk after parameter at or near "$1abc" ==> 8
        select 1_000                                  ==> trailing junk after numeric literal at or near "1_000" ==> 8
        select 1 union                                ==> syntax error at end of input ==> 15
        drop table                                    ==> syntax error at end of input ==> 11
        begin isolation level foo                     ==> syntax error at or near "foo" ==> 23
        set x to                                      ==> syntax error at end of input ==> 9
        select array[1,2                              ==> syntax error at end of input ==> 17
        select f(a,)                                  ==> syntax error at or near ")" ==> 12
        select count(*) filter (where) from t         ==> syntax error at or near ")" ==> 30
        select 'a' 'b'                                ==> syntax error at or near "'b'" ==> 12
        select * from t limit 1, 2                    ==> LIMIT #,# syntax is not supported ==> 17
        values (1, 2), (3)                            ==> VALUES lists must all be the same length ==> 17
        select -                                      ==> syntax error at end of input ==> 9
        vacuum (analyze                               ==> syntax error at end of input ==> 16
        create index on t                             ==> syntax error at end of input ==> 18
        select * from t natural                       ==> syntax error at end of input ==> 24
        select (1, 2                                  ==> syntax error at end of input ==> 13
        select * from t where a = any()               ==> syntax error at or near ")" ==> 31
        select 1 ; select 2 +                         ==> syntax error at end of input ==> 22
        select 1 ;; selec 2                           ==> syntax error at or near "selec" ==> 13
        SELECT a, FROM t                              ==> syntax error at or near "FROM" ==> 11
        SELECT a FROM t GROUP 1                       ==> syntax error at or near "1" ==> 23
        SELECT a FROM t ORDER a                       ==> syntax error at or near "a" ==> 23
        INSERT t VALUES (1)                           ==> syntax error at or near "t" ==> 8
        UPDATE t a = 1                                ==> syntax error at or near "=" ==> 12
        DELETE t                                      ==> syntax error at or near "t" ==> 8
        CREATE TABLE (a int)                          ==> syntax error at or near "(" ==> 14
        CREATE TABLE t (a int) WITH fillfactor=100    ==> syntax error at or near "fillfactor" ==> 29
        CREATE INDEX ON t a                           ==> syntax error at or near "a" ==> 19
        ALTER TABLE t FOO                             ==> syntax error at or near "FOO" ==> 15
        BEGIN ISOLATION LEVEL SERIAL                  ==> syntax error at or near "SERIAL" ==> 23
        SAVEPOINT                                     ==> syntax error at end of input ==> 10
        COPY t FROM stdin WITH (FORMAT csv            ==> syntax error at end of input ==> 35
        EXPLAIN                                       ==> syntax error at end of input ==> 8
        SELECT CASE END                               ==> syntax error at or near "END" ==> 13
        SELECT CAST(1 int)                            ==> syntax error at or near "int" ==> 15
        SELECT extract(from x)                        ==> syntax error at or near "from" ==> 16
        SELECT 1 + * 2                                ==> syntax error at or near "*" ==> 12
        SELECT * FROM t t2 t3                         ==> syntax error at or near "t3" ==> 20
        SELECT * FROM t LEFT u ON true                ==> syntax error at or near "u" ==> 22
        WITH x AS SELECT 1 SELECT 2                   ==> syntax error at or near "SELECT" ==> 11
        SELECT x NOT 1                                ==> syntax error at or near "1" ==> 14
        SELECT 1 2                                    ==> syntax error at or near "2" ==> 10
        SELECT f(                                     ==> syntax error at end of input ==> 10
        select 1 where 1 not 1                        ==> syntax error at or near "not" ==> 18
        SELECT a FROM t WHERE a = 1 AND               ==> syntax error at end of input ==> 32
        SELECT a FROM t WHERE a = 1 OR )              ==> syntax error at or near ")" ==> 32
        select 1 where 1 is 1                         ==> syntax error at or near "1" ==> 21
        select 1 is 1                                 ==> syntax error at or near "1" ==> 13
        select 1 not null                             ==> syntax error at or near "null" ==> 14
        select 1 from t where a isnull 1              ==> syntax error at or near "1" ==> 32
        SELECT 'é', 'ü' FROM t WHERE x = = 1          ==> syntax error at or near "=" ==> 34
        """)
    void likePostgres(final String sql, final String message, final int position) {
        final SqlException e = assertThrows(SqlException.class, () -> Parser.parse(sql));
        assertEquals("42601", e.sqlState());
        assertEquals(message, e.getMessage());
        assertEquals(position, e.position());
    }

    @Test
    void unterminatedQuotesAndComments() {
        assertError("select 'abc", "unterminated quoted string at or near \"'abc\"", 8);
        assertError("select \"abc", "unterminated quoted identifier at or near \"\"abc\"", 8);
        assertError("select $$abc", "unterminated dollar-quoted string at or near \"$$abc\"", 8);
        assertError("select $x$abc$y$", "unterminated dollar-quoted string at or near \"$x$abc$y$\"", 8);
        assertError("select /* abc", "unterminated /* comment at or near \"/* abc\"", 8);
        assertError("select /* a /* b */", "unterminated /* comment at or near \"/* a /* b */\"", 8);
        assertError("select e'abc\\'", "unterminated quoted string at or near \"e'abc\\'\"", 8);
        assertError("select 1 from t where x = 'a' || 'b", "unterminated quoted string at or near \"'b\"", 34);
        assertError("select \"\"", "zero-length delimited identifier at or near \"\"\"\"", 8);
    }

    @Test
    void multiLinePositionsCountCharacters() {
        assertError("SELECT *\nFROM t\nWHERE x = = 1", "syntax error at or near \"=\"", 27);
        // a supplementary character counts once, as PostgreSQL counts characters
        assertError("SELECT '\uD83D\uDE00' =", "syntax error at end of input", 13);
    }

    @Test
    void unsupportedFormsSay0A000() {
        final SqlException e = assertThrows(SqlException.class, () -> Parser.parse("SELECT 1 INTO t"));
        assertEquals("0A000", e.sqlState());
    }

    @Test
    void hintsForAliasErrors() {
        final SqlException e = assertThrows(SqlException.class, () -> Parser.parse("select * from (select 1)"));
        assertEquals("For example, FROM (SELECT ...) [AS] foo.", e.hint());
    }

    private static void assertError(final String sql, final String message, final int position) {
        final SqlException e = assertThrows(SqlException.class, () -> Parser.parse(sql));
        assertEquals("42601", e.sqlState());
        assertEquals(message, e.getMessage());
        assertEquals(position, e.position());
    }
}
