package io.stratum.compute.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.compute.catalog.pg.CatalogFunctions;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalog functions' outputs, as PostgreSQL 15 prints them for the same schema. */
class CatalogFunctionsTest {
    private final CatalogSnapshot s = Schemas.shop();
    private final CatalogContext ctx = CatalogContext.of("stratum", "main");

    private String fmt(final PgType t, final Integer typmod) {
        return CatalogFunctions.formatType(s, (long) t.oid(), typmod);
    }

    @Test
    void formatType() {
        assertEquals("integer", fmt(PgType.INT4, null));
        assertEquals("integer", fmt(PgType.INT4, -1));
        assertEquals("bigint", fmt(PgType.INT8, -1));
        assertEquals("smallint", fmt(PgType.INT2, -1));
        assertEquals("text", fmt(PgType.TEXT, -1));
        assertEquals("boolean", fmt(PgType.BOOL, -1));
        assertEquals("character varying(20)", fmt(PgType.VARCHAR, 24));
        assertEquals("character varying", fmt(PgType.VARCHAR, -1));
        assertEquals("character(5)", fmt(PgType.BPCHAR, 9));
        assertEquals("bpchar", fmt(PgType.BPCHAR, -1));
        assertEquals("character", fmt(PgType.BPCHAR, null));
        assertEquals("numeric(10,2)", fmt(PgType.NUMERIC, ColumnDef.numericTypmod(10, 2)));
        assertEquals("numeric", fmt(PgType.NUMERIC, -1));
        assertEquals("timestamp with time zone", fmt(PgType.TIMESTAMPTZ, -1));
        assertEquals("timestamp(3) without time zone", fmt(PgType.TIMESTAMP, 3));
        assertEquals("double precision", fmt(PgType.FLOAT8, -1));
        assertEquals("real", fmt(PgType.FLOAT4, -1));
        assertEquals("\"char\"", fmt(PgType.CHAR, -1));
        assertEquals("name", fmt(PgType.NAME, -1));
        assertEquals("oid", fmt(PgType.OID, -1));
        assertEquals("date", fmt(PgType.DATE, -1));
        assertEquals("bytea", fmt(PgType.BYTEA, -1));
        assertEquals("integer[]", fmt(PgType.INT4_ARRAY, -1));
        assertEquals("text[]", fmt(PgType.TEXT_ARRAY, null));
        assertEquals("character varying(20)[]", fmt(PgType.VARCHAR_ARRAY, 24));
        assertEquals("int2vector", fmt(PgType.INT2VECTOR, -1));
        assertEquals("???", CatalogFunctions.formatType(s, 99999L, null));
        assertNull(CatalogFunctions.formatType(s, null, null));
        assertEquals("t", CatalogFunctions.formatType(s, 16385L, -1));
        assertEquals("s.u", CatalogFunctions.formatType(s, 16395L, -1));
    }

    @Test
    void indexAndConstraintDefinitions() {
        assertEquals("CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)",
            CatalogFunctions.pgGetIndexdef(s, 16387, 0, false));
        assertEquals("CREATE UNIQUE INDEX t_name_key ON public.t USING btree (name)",
            CatalogFunctions.pgGetIndexdef(s, 16389, 0, false));
        assertEquals("CREATE INDEX t_at_idx ON t USING btree (at)",
            CatalogFunctions.pgGetIndexdef(s, ctx, 16391, 0, true));
        assertEquals("CREATE INDEX t_at_idx ON public.t USING btree (at)",
            CatalogFunctions.pgGetIndexdef(s, ctx, 16391, 0, false));
        assertEquals("at", CatalogFunctions.pgGetIndexdef(s, 16391, 1, true));
        assertNull(CatalogFunctions.pgGetIndexdef(s, 1, 0, true));
        assertEquals("PRIMARY KEY (id)", CatalogFunctions.pgGetConstraintdef(s, 16388, true));
        assertEquals("UNIQUE (name)", CatalogFunctions.pgGetConstraintdef(s, 16390, true));
        assertEquals("CHECK (price > (0)::numeric)", CatalogFunctions.pgGetConstraintdef(s, 16392, true));
        assertEquals("CHECK ((price > (0)::numeric))", CatalogFunctions.pgGetConstraintdef(s, 16392, false));
        assertEquals("nextval('t_id_seq'::regclass)", CatalogFunctions.pgGetExpr("nextval('t_id_seq'::regclass)", 16384, true));
    }

    @Test
    void regclassVisibilityAndSearchPath() {
        assertEquals(16384, CatalogFunctions.regclassIn(s, ctx, "t"));
        assertEquals(16384, CatalogFunctions.regclassIn(s, ctx, "public.t"));
        assertEquals(16384, CatalogFunctions.regclassIn(s, ctx, "\"t\""));
        assertEquals(16384, CatalogFunctions.regclassIn(s, ctx, "T"));
        assertEquals(1259, CatalogFunctions.regclassIn(s, ctx, "pg_class"));
        assertEquals(1259, CatalogFunctions.regclassIn(s, ctx, "pg_catalog.pg_class"));
        assertEquals(16384, CatalogFunctions.regclassIn(s, ctx, "16384"));
        final SqlException e = assertThrows(SqlException.class, () -> CatalogFunctions.regclassIn(s, ctx, "nope"));
        assertEquals("42P01", e.sqlState());
        assertEquals("relation \"nope\" does not exist", e.getMessage());
        assertEquals("t", CatalogFunctions.regclassOut(s, ctx, 16384));
        assertEquals("s.u", CatalogFunctions.regclassOut(s, ctx, 16394));
        assertEquals("pg_class", CatalogFunctions.regclassOut(s, ctx, 1259));
        assertEquals("99999", CatalogFunctions.regclassOut(s, ctx, 99999));
        assertTrue(CatalogFunctions.pgTableIsVisible(s, ctx, 16384));
        assertFalse(CatalogFunctions.pgTableIsVisible(s, ctx, 16394));
        final CatalogContext withS = new CatalogContext("stratum", "main", List.of("s", "public"), List::of);
        assertTrue(CatalogFunctions.pgTableIsVisible(s, withS, 16394));
        assertArrayEquals(new Object[] {"public"}, CatalogFunctions.currentSchemas(s, ctx, false));
        assertArrayEquals(new Object[] {"pg_catalog", "public"}, CatalogFunctions.currentSchemas(s, ctx, true));
        assertArrayEquals(new Object[] {"pg_catalog", "s", "public"}, CatalogFunctions.currentSchemas(s, withS, true));
        assertEquals("public", CatalogFunctions.currentSchema(s, ctx));
        assertEquals(23, CatalogFunctions.regtypeIn(s, "integer"));
        assertEquals(1043, CatalogFunctions.regtypeIn(s, "character varying"));
        assertEquals("integer", CatalogFunctions.regtypeOut(s, 23));
        assertEquals("character varying", CatalogFunctions.regtypeOut(s, 1043));
        assertEquals("public", CatalogFunctions.regnamespaceOut(s, 2200));
        assertEquals("public.t_id_seq", CatalogFunctions.pgGetSerialSequence(s, ctx, "t", "id"));
        assertNull(CatalogFunctions.pgGetSerialSequence(s, ctx, "public.t", "name"));
        assertEquals("42703", assertThrows(SqlException.class,
            () -> CatalogFunctions.pgGetSerialSequence(s, ctx, "t", "nope")).sqlState());
    }

    @Test
    void smallFunctions() {
        assertEquals("UTF8", CatalogFunctions.pgEncodingToChar(6));
        assertEquals("stratum", CatalogFunctions.pgGetUserbyid(ctx, 10));
        assertEquals("unknown (OID=42)", CatalogFunctions.pgGetUserbyid(ctx, 42));
        assertEquals("0 bytes", CatalogFunctions.pgSizePretty(0));
        assertEquals("8192 bytes", CatalogFunctions.pgSizePretty(8192));
        assertEquals("10 kB", CatalogFunctions.pgSizePretty(10240));
        assertEquals("16 kB", CatalogFunctions.pgSizePretty(16384));
        assertEquals("20 MB", CatalogFunctions.pgSizePretty(20L << 20));
        assertEquals("1024 MB", CatalogFunctions.pgSizePretty(1L << 30));
        assertEquals("20 GB", CatalogFunctions.pgSizePretty(20L << 30));
        assertEquals("-10 kB", CatalogFunctions.pgSizePretty(-10240));
        assertEquals("t", CatalogFunctions.quoteIdent("t"));
        assertEquals("\"T\"", CatalogFunctions.quoteIdent("T"));
        assertEquals("\"user\"", CatalogFunctions.quoteIdent("user"));
        assertEquals("\"a b\"", CatalogFunctions.quoteIdent("a b"));
        assertEquals("\"1a\"", CatalogFunctions.quoteIdent("1a"));
        assertEquals("a1_", CatalogFunctions.quoteIdent("a1_"));
        assertEquals("name", CatalogFunctions.quoteIdent("name"), "unreserved keywords are not quoted");
    }

    @Test
    void generatedNamesFollowPostgres() {
        assertEquals("t_a_b_key", Names.makeObjectName("t", "a_b", "key"));
        assertEquals("t_pkey", Names.makeObjectName("t", null, "pkey"));
        final String longName = "x".repeat(70);
        final String n = Names.makeObjectName(longName, "col", "seq");
        assertEquals(63, n.length());
        assertTrue(n.endsWith("_col_seq"));
    }
}
