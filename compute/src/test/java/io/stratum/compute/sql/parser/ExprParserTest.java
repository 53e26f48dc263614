package io.stratum.compute.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.*;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expressions: PostgreSQL's operator precedence, literals, special syntax, calls, type names. */
class ExprParserTest {
    static Expr expr(final String sql) {
        final Query q = (Query) Parser.parseOne("SELECT " + sql);
        return ((Select) q.body()).items().get(0).expr();
    }

    static String tree(final String sql) {
        return Printer.expr(expr(sql));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
        1 + 2 * 3 ==> (1 + (2 * 3))
        1 - 2 - 3 ==> ((1 - 2) - 3)
        8 / 2 % 3 * 4 ==> (((8 / 2) % 3) * 4)
        2 ^ 3 ^ 2 ==> ((2 ^ 3) ^ 2)
        -2 ^ 2 ==> (-2 ^ 2)
        - a ^ 2 ==> ((- a) ^ 2)
        a * b ^ c ==> (a * (b ^ c))
        a || b || c ==> ((a || b) || c)
        a + b || c ==> ((a + b) || c)
        a || b = c ==> ((a || b) = c)
        a = b AND c = d OR e ==> (((a = b) AND (c = d)) OR e)
        a OR b AND c ==> (a OR (b AND c))
        NOT a = b ==> (NOT (a = b))
        NOT a AND b ==> ((NOT a) AND b)
        NOT NOT a ==> (NOT (NOT a))
        a = b IS NULL ==> ((a = b) IS NULL)
        a IS NULL = b ==> ((a IS NULL) = b)
        NOT a IS NOT NULL ==> (NOT (a IS NOT NULL))
        a ISNULL ==> (a IS NULL)
        a NOTNULL ==> (a IS NOT NULL)
        a IS NOT TRUE ==> (a IS NOT TRUE)
        a IS UNKNOWN ==> (a IS UNKNOWN)
        a IS DISTINCT FROM b + 1 ==> (a IS DISTINCT FROM (b + 1))
        a IS NOT DISTINCT FROM b ==> (a IS NOT DISTINCT FROM b)
        a LIKE b || c ==> (a LIKE (b || c))
        a = b LIKE c ==> (a = (b LIKE c))
        a NOT ILIKE 'x%' ESCAPE '!' ==> (a NOT ILIKE 'x%' ESCAPE '!')
        a SIMILAR TO 'x' ==> (a SIMILAR TO 'x')
        a NOT SIMILAR TO 'x' ==> (a NOT SIMILAR TO 'x')
        a BETWEEN 1 AND 2 AND b ==> ((a BETWEEN 1 AND 2) AND b)
        a NOT BETWEEN b + 1 AND c ==> (a NOT BETWEEN (b + 1) AND c)
        a BETWEEN SYMMETRIC 2 AND 1 ==> (a BETWEEN SYMMETRIC 2 AND 1)
        a IN (1, 2) = true ==> ((a IN (1, 2)) = TRUE)
        a NOT IN (1, 2) ==> (a NOT IN (1, 2))
        (a, b) IN ((1, 2), (3, 4)) ==> (ROW(a, b) IN (ROW(1, 2), ROW(3, 4)))
        x::int + 1 ==> (CAST(x AS int4) + 1)
        -x::int ==> (- CAST(x AS int4))
        1::text::int ==> CAST(CAST(1 AS text) AS int4)
        a COLLATE "C" < b ==> ((a COLLATE C) < b)
        a AT TIME ZONE 'UTC' + 1 ==> (pg_catalog.timezone('UTC', a) + 1)
        a ~ b AND c !~ d ==> ((a ~ b) AND (c !~ d))
        a ~* b OR a !~* b ==> ((a ~* b) OR (a !~* b))
        a != b ==> (a <> b)
        a <> b ==> (a <> b)
        a >= b ==> (a >= b)
        a=-1 ==> (a = -1)
        a<-1 ==> (a < -1)
        a @> b ==> (a @> b)
        ~ a ==> (~ a)
        a & 1::smallint ==> (a & CAST(1 AS int2))
        a = ANY (b) ==> (a = ANY (b))
        a + b = ANY (c) ==> ((a + b) = ANY (c))
        a <> ALL (SELECT 1) ==> (a <> ALL (<query>))
        a = SOME (b) ==> (a = ANY (b))
        'd' = any(stxkind) ==> ('d' = ANY (stxkind))
        a LIKE ANY (b) ==> (a ~~ ANY (b))
        a OPERATOR(pg_catalog.~) 'x' ==> (a OPERATOR(pg_catalog.~) 'x')
        a OPERATOR(pg_catalog.=) b + 1 ==> (a OPERATOR(pg_catalog.=) (b + 1))
        (a).b ==> (a).b
        (a).* ==> (a).*
        (f(x)).y ==> (f(x)).y
        arr[1] ==> (arr)[1]
        arr[1:2] ==> (arr)[1:2]
        arr[:2] ==> (arr)[:2]
        (current_schemas(true))[1] ==> (current_schemas(TRUE))[1]
        t.I_INDOPTION[t.POS - 1] & 1 ==> ((t.i_indoption)[(t.pos - 1)] & 1)
        a.b.c ==> a.b.c
        "MixedCase"."x y" ==> "MixedCase"."x y"
        t.* ==> t.*
        """)
    void precedence(final String sql, final String expected) {
        assertEquals(expected, tree(sql));
    }

    @Test
    void comparisonsAreNonAssociative() {
        final SqlException e = assertThrows(SqlException.class, () -> expr("1 < 2 < 3"));
        assertEquals("42601", e.sqlState());
        assertEquals("syntax error at or near \"<\"", e.getMessage());
        assertEquals(14, e.position());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ARRAY[1,2][1]", "f(x)[1]", "'{1,2}'[1]", "ROW(1, 2)[1]",
        "CASE WHEN a THEN b END[1]"})
    void onlyColumnsParametersAndParenthesisedExpressionsTakeASubscript(final String sql) {
        final SqlException e = assertThrows(SqlException.class, () -> expr(sql));
        assertEquals("42601", e.sqlState());
        assertEquals("syntax error at or near \"[\"", e.getMessage());
        assertTrue(tree("(" + sql.substring(0, sql.lastIndexOf('[')) + ")[1]").endsWith("[1]"), "parenthesised it is one");
        assertTrue(tree("$1[1]").endsWith("[1]"));
    }

    @Test
    void psqlPatternClause() {
        final Query q = (Query) Parser.parseOne("SELECT 1 FROM pg_catalog.pg_class c WHERE c.relname OPERATOR(pg_catalog.~) "
                + "'^(orders)$' COLLATE pg_catalog.default AND pg_catalog.pg_table_is_visible(c.oid)");
        assertEquals("((c.relname OPERATOR(pg_catalog.~) ('^(orders)$' COLLATE pg_catalog.default)) AND "
                + "pg_catalog.pg_table_is_visible(c.oid))", Printer.expr(((Select) q.body()).where()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
        42 ==> 42
        -42 ==> -42
        2147483648 ==> 2147483648
        -2147483648 ==> -2147483648
        9223372036854775807 ==> 9223372036854775807
        9223372036854775808 ==> 9223372036854775808
        -9223372036854775808 ==> -9223372036854775808
        99999999999999999999 ==> 99999999999999999999
        1.5 ==> 1.5
        .5 ==> .5
        5. ==> 5.
        1e3 ==> 1e3
        1.5E-3 ==> 1.5E-3
        -1.5 ==> -1.5
        TRUE ==> TRUE
        false ==> FALSE
        NULL ==> NULL
        $1 ==> $1
        $12 ==> $12
        'it''s' ==> 'it''s'
        E'a\\'b' ==> 'a''b'
        $$a'b$$ ==> 'a''b'
        $tag$a$$b$tag$ ==> 'a$$b'
        U&'\\0041b' ==> 'Ab'
        B'1010' ==> B'1010'
        X'1F' ==> B'00011111'
        date '2020-01-01' ==> CAST('2020-01-01' AS date)
        interval '1 day' ==> CAST('1 day' AS interval)
        interval '1' day ==> CAST('1' AS interval)
        timestamp with time zone 'x' ==> CAST('x' AS timestamptz)
        timestamp 'x' ==> CAST('x' AS timestamp)
        time 'x' ==> CAST('x' AS time)
        int4 '1' ==> CAST('1' AS int4)
        int '1' ==> CAST('1' AS int4)
        pg_catalog.int4 '1' ==> CAST('1' AS pg_catalog.int4)
        boolean 't' ==> CAST('t' AS bool)
        CURRENT_DATE ==> CURRENT_DATE
        current_timestamp(3) ==> CURRENT_TIMESTAMP(3)
        localtimestamp ==> LOCALTIMESTAMP
        current_user ==> CURRENT_USER
        session_user ==> SESSION_USER
        user ==> USER
        current_role ==> CURRENT_ROLE
        current_catalog ==> CURRENT_CATALOG
        current_schema ==> CURRENT_SCHEMA
        current_schema() ==> current_schema()
        """)
    void literals(final String sql, final String expected) {
        assertEquals(expected, tree(sql), sql);
    }

    @Test
    void integerLiteralTypes() {
        assertTrue(((IntLit) expr("2147483647")).isInt4());
        assertFalse(((IntLit) expr("2147483648")).isInt4());
        assertTrue(((IntLit) expr("-2147483648")).isInt4());
        assertInstanceOf(NumericLit.class, expr("9223372036854775808"));
        assertInstanceOf(IntLit.class, expr("-9223372036854775808"));
        assertInstanceOf(NumericLit.class, expr("1e3"));
    }

    @Test
    void stringForms() {
        assertEquals("ab", ((StringLit) expr("'a'\n'b'")).value());
        assertEquals("ab", ((StringLit) expr("'a'  \n -- c\n  'b'")).value());
        assertEquals("ab", ((StringLit) expr("'a' -- c\n'b'")).value());
        assertEquals("a\nb\t\\", ((StringLit) expr("E'a\\nb\\t\\\\'")).value());
        assertEquals("A", ((StringLit) expr("E'\\x41'")).value());
        assertEquals("A", ((StringLit) expr("E'\\101'")).value());
        assertEquals("\u00e9", ((StringLit) expr("E'\\u00e9'")).value());
        assertEquals("a\\nb", ((StringLit) expr("'a\\nb'")).value());
        assertEquals("x", ((StringLit) expr("N'x'")).value());
        assertEquals("it's", ((StringLit) expr("$q$it's$q$")).value());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
        extract(epoch from x) ==> pg_catalog.extract('epoch', x)
        EXTRACT(YEAR FROM d) ==> pg_catalog.extract('year', d)
        position('a' in s) ==> pg_catalog.position(s, 'a')
        substring(s from 2 for 3) ==> pg_catalog.substring(s, 2, 3)
        substring(s from 2) ==> pg_catalog.substring(s, 2)
        substring(s for 3) ==> pg_catalog.substring(s, 1, 3)
        substring(s, 1, 2) ==> substring(s, 1, 2)
        trim(both 'x' from s) ==> pg_catalog.btrim(s, 'x')
        trim(leading from s) ==> pg_catalog.ltrim(s)
        trim(trailing 'x' from s) ==> pg_catalog.rtrim(s, 'x')
        trim(s) ==> pg_catalog.btrim(s)
        overlay(s placing 'x' from 2 for 1) ==> pg_catalog.overlay(s, 'x', 2, 1)
        coalesce(a, b, 0) ==> coalesce(a, b, 0)
        nullif(a.attidentity, '') ==> nullif(a.attidentity, '')
        greatest(1, 2) ==> greatest(1, 2)
        least(1, 2) ==> least(1, 2)
        count(*) ==> count(*)
        count(DISTINCT x) ==> count(DISTINCT x)
        string_agg(x, ',' ORDER BY y DESC) ==> string_agg(x, ',' ORDER BY y DESC)
        sum(x) FILTER (WHERE y > 0) ==> sum(x) FILTER (WHERE (y > 0))
        row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) ==> row_number() OVER (...)
        pg_catalog.format_type(t, NULL) ==> pg_catalog.format_type(t, NULL)
        left(s, 2) ==> left(s, 2)
        ARRAY[1, 2] ==> ARRAY[1, 2]
        ARRAY[[1, 2], [3, 4]] ==> ARRAY[ARRAY[1, 2], ARRAY[3, 4]]
        ARRAY[]::int[] ==> CAST(ARRAY[] AS int4[])
        ARRAY(SELECT 1) ==> ARRAY(<query>)
        ROW(1, 2) ==> ROW(1, 2)
        ROW() ==> ROW()
        (1, 2) ==> ROW(1, 2)
        ((1), 2) ==> ROW(1, 2)
        ((1)) ==> 1
        (SELECT 1) ==> (<query>)
        ((SELECT 1)) ==> (<query>)
        ((SELECT 1) + 1) ==> ((<query>) + 1)
        EXISTS (SELECT 1) ==> EXISTS (<query>)
        x IN (SELECT 1) ==> (x IN (<query>))
        x NOT IN ((SELECT 1)) ==> (x NOT IN (<query>))
        CASE WHEN a THEN 1 ELSE 2 END ==> CASE WHEN a THEN 1 ELSE 2 END
        CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' END ==> CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' END
        CAST(x AS pg_catalog.text) ==> CAST(x AS pg_catalog.text)
        c.reloftype::pg_catalog.regtype::pg_catalog.text ==> CAST(CAST(c.reloftype AS pg_catalog.regtype) AS pg_catalog.text)
        """)
    void specialSyntaxAndCalls(final String sql, final String expected) {
        assertEquals(expected, tree(sql));
    }

    @Test
    void functionCallDetails() {
        final FuncCall f = (FuncCall) expr("percentile_cont(0.5) WITHIN GROUP (ORDER BY x)");
        assertTrue(f.withinGroup());
        assertEquals(1, f.orderBy().size());
        final FuncCall w = (FuncCall) expr("rank() OVER w");
        assertEquals("w", w.over().refName());
        final FuncCall n = (FuncCall) expr("make_interval(days => 1, 2)");
        assertEquals(java.util.Arrays.asList("days", null), n.argNames());
        final FuncCall v = (FuncCall) expr("concat_ws(',', VARIADIC arr)");
        assertTrue(v.variadic());
        final FuncCall frame = (FuncCall) expr(
                "sum(x) OVER (ORDER BY y ROWS BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING)");
        assertEquals(FrameMode.ROWS, frame.over().frame().mode());
        assertEquals(FrameBound.Kind.UNBOUNDED_PRECEDING, frame.over().frame().start().kind());
        assertEquals(FrameBound.Kind.FOLLOWING, frame.over().frame().end().kind());
        assertEquals("pg_catalog", ((FuncCall) expr("pg_catalog.count(*)")).name().schema());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
        integer ==> int4
        int ==> int4
        INT4 ==> int4
        bigint ==> int8
        smallint ==> int2
        real ==> float4
        double precision ==> float8
        float ==> float8
        float(10) ==> float4
        float(30) ==> float8
        boolean ==> bool
        bool ==> bool
        character varying(10) ==> varchar(10)
        varchar ==> varchar
        varchar(255) ==> varchar(255)
        national character varying(3) ==> varchar(3)
        char ==> bpchar(1)
        character(5) ==> bpchar(5)
        nchar(2) ==> bpchar(2)
        bpchar ==> bpchar
        "char" ==> char
        decimal(10, 2) ==> numeric(10,2)
        dec ==> numeric
        numeric(5) ==> numeric(5)
        timestamp with time zone ==> timestamptz
        timestamp without time zone ==> timestamp
        timestamp ==> timestamp
        timestamp(3) with time zone ==> timestamptz(3)
        timestamptz ==> timestamptz
        time with time zone ==> timetz
        time(6) ==> time(6)
        interval ==> interval
        interval day to second ==> interval
        interval(3) ==> interval(3)
        bit ==> bit(1)
        bit(8) ==> bit(8)
        bit varying(5) ==> varbit(5)
        text[] ==> text[]
        int[][] ==> int4[][]
        int[3] ==> int4[]
        integer array ==> int4[]
        pg_catalog.regclass ==> pg_catalog.regclass
        regtype ==> regtype
        "MyType" ==> MyType
        public.mytype[] ==> public.mytype[]
        """)
    void typeNames(final String sql, final String expected) {
        assertEquals(expected, Printer.type(((Cast) expr("x::" + sql)).type()));
    }

    @Test
    void serialTypesAreKeptForTheBinder() {
        final CreateTable t = (CreateTable) Parser.parseOne(
                "create table t (a serial, b bigserial, c smallserial, d serial4, e serial8, f serial2)");
        assertEquals(List.of("serial", "bigserial", "smallserial", "serial", "bigserial", "smallserial"),
                t.columns().stream().map(c -> c.type().name()).toList());
    }

    @Test
    void positionsAreOffsetsOfTheReportedToken() {
        final BinaryOp b = (BinaryOp) expr("a + b");
        assertEquals(9, b.pos());
        assertEquals(7, b.left().pos());
        final Cast c = (Cast) expr("x::int");
        assertEquals(8, c.pos());
        final FuncCall f = (FuncCall) expr("  f(1)");
        assertEquals(9, f.pos());
    }
}
