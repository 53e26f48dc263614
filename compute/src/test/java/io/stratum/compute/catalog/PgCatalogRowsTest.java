package io.stratum.compute.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.stratum.compute.catalog.pg.Setting;
import io.stratum.compute.catalog.pg.SystemCatalog;
import io.stratum.compute.catalog.pg.SystemColumn;
import io.stratum.compute.catalog.pg.SystemRelation;
import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows of the virtual catalogs for a known schema (values checked against PostgreSQL 15 for the same DDL). */
class PgCatalogRowsTest {
    private final CatalogSnapshot s = Schemas.shop();
    private final CatalogContext ctx = new CatalogContext("stratum", "main", List.of("\"$user\"", "public"),
        () -> List.of(new Setting("search_path", "\"$user\", public", null, "Client Connection Defaults",
            "Sets the schema search order.", "user", "string", "default", "\"$user\", public", "\"$user\", public")));

    private static Class<?> javaClass(final PgType t) {
        switch (t) {
            case BOOL: return Boolean.class;
            case INT2: return Short.class;
            case INT4: return Integer.class;
            case INT8: case OID: case REGPROC: case REGTYPE: case REGCLASS: return Long.class;
            case FLOAT4: return Float.class;
            case FLOAT8: return Double.class;
            case NUMERIC: return BigDecimal.class;
            case BYTEA: return byte[].class;
            case TIMESTAMPTZ: return OffsetDateTime.class;
            case TEXT: case NAME: case VARCHAR: case CHAR: return String.class;
            default: return Object[].class;
        }
    }

    @Test
    void everyRelationsRowsMatchItsColumnsAndTypes() {
        for (final SystemRelation r : SystemCatalog.all()) {
            final List<SystemColumn> cols = r.columns();
            for (final Object[] row : r.rows(s, ctx)) {
                assertEquals(cols.size(), row.length, r.name());
                for (int i = 0; i < row.length; i++) {
                    if (row[i] != null && !javaClass(cols.get(i).type()).isInstance(row[i])) {
                        fail(r.name() + "." + cols.get(i).name() + " holds " + row[i].getClass().getSimpleName()
                            + " for " + cols.get(i).type());
                    }
                    if (row[i] == null && r.notNull(i)) {
                        fail(r.name() + "." + cols.get(i).name() + " is NOT NULL in PostgreSQL but null here");
                    }
                    if (cols.get(i).type() == PgType.CHAR && row[i] != null) {
                        assertTrue(((String) row[i]).length() <= 1, r.name() + "." + cols.get(i).name());
                    }
                }
            }
            assertNotNull(s.relation(r.oid()), r.name() + " resolves by OID");
            assertEquals(r, s.resolve(ctx, r.schemaName(), r.name()));
        }
        assertEquals(SystemCatalog.find("pg_catalog", "pg_class"), s.resolve(ctx, null, "pg_class"));
    }

    private List<Object[]> rows(final String rel) {
        final SystemRelation r = s.resolve(ctx, null, rel) instanceof SystemRelation sr ? sr
            : SystemCatalog.find("information_schema", rel);
        return r.rows(s, ctx);
    }

    private Object value(final String rel, final Object[] row, final String column) {
        final SystemRelation r = s.resolve(ctx, null, rel) instanceof SystemRelation sr ? sr
            : SystemCatalog.find("information_schema", rel);
        final int i = r.columnIndex(column);
        assertTrue(i >= 0, rel + "." + column);
        return row[i];
    }

    private Object[] where(final String rel, final String column, final Object v) {
        for (final Object[] row : rows(rel)) {
            if (v.equals(value(rel, row, column))) {
                return row;
            }
        }
        throw new AssertionError("no " + rel + " row with " + column + " = " + v);
    }

    private List<Object[]> all(final String rel, final String column, final Object v) {
        final List<Object[]> out = new ArrayList<>();
        for (final Object[] row : rows(rel)) {
            if (v.equals(value(rel, row, column))) {
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void pgClassAndPgAttribute() {
        final Object[] t = where("pg_class", "relname", "t");
        assertEquals(16384L, value("pg_class", t, "oid"));
        assertEquals("r", value("pg_class", t, "relkind"));
        assertEquals(2L, value("pg_class", t, "relam"));
        assertEquals((short) 4, value("pg_class", t, "relnatts"));
        assertEquals((short) 1, value("pg_class", t, "relchecks"));
        assertEquals(true, value("pg_class", t, "relhasindex"));
        assertEquals("p", value("pg_class", t, "relpersistence"));
        assertEquals("d", value("pg_class", t, "relreplident"));
        assertEquals(-1.0f, value("pg_class", t, "reltuples"));
        assertArrayEquals(new Object[] {"fillfactor=100"}, (Object[]) value("pg_class", t, "reloptions"));
        final Object[] pkey = where("pg_class", "relname", "t_pkey");
        assertEquals("i", value("pg_class", pkey, "relkind"));
        assertEquals(403L, value("pg_class", pkey, "relam"));
        assertEquals("n", value("pg_class", pkey, "relreplident"));
        final Object[] seq = where("pg_class", "relname", "t_id_seq");
        assertEquals("S", value("pg_class", seq, "relkind"));
        assertEquals((short) 3, value("pg_class", seq, "relnatts"));

        final List<Object[]> atts = all("pg_attribute", "attrelid", 16384L);
        assertEquals(4, atts.size());
        final Object[] name = atts.get(1);
        assertEquals("name", value("pg_attribute", name, "attname"));
        assertEquals(1043L, value("pg_attribute", name, "atttypid"));
        assertEquals((short) -1, value("pg_attribute", name, "attlen"));
        assertEquals(24, value("pg_attribute", name, "atttypmod"));
        assertEquals("x", value("pg_attribute", name, "attstorage"));
        assertEquals("i", value("pg_attribute", name, "attalign"));
        assertEquals(true, value("pg_attribute", name, "attnotnull"));
        assertEquals(100L, value("pg_attribute", name, "attcollation"));
        assertEquals("", value("pg_attribute", name, "attidentity"));
        final Object[] price = atts.get(2);
        assertEquals(655366, value("pg_attribute", price, "atttypmod"));
        assertEquals("m", value("pg_attribute", price, "attstorage"));
        final Object[] at = atts.get(3);
        assertEquals("d", value("pg_attribute", at, "attalign"));
        assertEquals(true, value("pg_attribute", at, "attbyval"));
        assertEquals(true, value("pg_attribute", atts.get(0), "atthasdef"));
        assertEquals(1, all("pg_attribute", "attrelid", 16391L).size(), "index columns are listed");
        final Object[] def = where("pg_attrdef", "adrelid", 16384L);
        assertEquals("nextval('t_id_seq'::regclass)", value("pg_attrdef", def, "adbin"));
    }

    @Test
    void pgIndexAndPgConstraint() {
        final Object[] pk = where("pg_index", "indexrelid", 16387L);
        assertEquals(true, value("pg_index", pk, "indisprimary"));
        assertEquals(true, value("pg_index", pk, "indisunique"));
        assertEquals((short) 1, value("pg_index", pk, "indnkeyatts"));
        assertArrayEquals(new Object[] {(short) 1}, (Object[]) value("pg_index", pk, "indkey"));
        assertArrayEquals(new Object[] {1978L}, (Object[]) value("pg_index", pk, "indclass"));
        final Object[] nameKey = where("pg_index", "indexrelid", 16389L);
        assertArrayEquals(new Object[] {100L}, (Object[]) value("pg_index", nameKey, "indcollation"));
        assertArrayEquals(new Object[] {3126L}, (Object[]) value("pg_index", nameKey, "indclass"));
        final Object[] atIdx = where("pg_index", "indexrelid", 16391L);
        assertArrayEquals(new Object[] {3127L}, (Object[]) value("pg_index", atIdx, "indclass"));
        final Object[] pkc = where("pg_constraint", "conname", "t_pkey");
        assertEquals("p", value("pg_constraint", pkc, "contype"));
        assertEquals(16387L, value("pg_constraint", pkc, "conindid"));
        assertEquals(true, value("pg_constraint", pkc, "connoinherit"));
        assertArrayEquals(new Object[] {(short) 1}, (Object[]) value("pg_constraint", pkc, "conkey"));
        final Object[] chk = where("pg_constraint", "conname", "t_price_check");
        assertEquals("c", value("pg_constraint", chk, "contype"));
        assertEquals(0L, value("pg_constraint", chk, "conindid"));
        assertEquals(false, value("pg_constraint", chk, "connoinherit"));
    }

    @Test
    void informationSchemaAndSmallCatalogs() {
        final List<Object[]> cols = all("columns", "table_name", "t");
        assertEquals(4, cols.size());
        final Object[] name = cols.get(1);
        assertEquals("character varying", value("columns", name, "data_type"));
        assertEquals(20, value("columns", name, "character_maximum_length"));
        assertEquals("NO", value("columns", name, "is_nullable"));
        assertEquals("varchar", value("columns", name, "udt_name"));
        final Object[] price = cols.get(2);
        assertEquals(10, value("columns", price, "numeric_precision"));
        assertEquals(2, value("columns", price, "numeric_scale"));
        assertEquals(10, value("columns", price, "numeric_precision_radix"));
        assertEquals("nextval('t_id_seq'::regclass)", value("columns", cols.get(0), "column_default"));
        assertEquals("BASE TABLE", value("tables", where("tables", "table_name", "t"), "table_type"));
        assertEquals("stratum", value("schemata", where("schemata", "schema_name", "s"), "schema_owner"));
        assertEquals("stratum", value("pg_roles", where("pg_roles", "oid", 10L), "rolname"));
        assertEquals(true, value("pg_roles", where("pg_roles", "oid", 10L), "rolsuper"));
        assertEquals(6171L, value("pg_namespace", where("pg_namespace", "nspname", "public"), "nspowner"));
        assertEquals("main", value("pg_database", rows("pg_database").get(0), "datname"));
        assertEquals(6, value("pg_database", rows("pg_database").get(0), "encoding"));
        assertEquals("search_path", value("pg_settings", rows("pg_settings").get(0), "name"));
        assertEquals("btree", value("pg_am", where("pg_am", "oid", 403L), "amname"));
        assertEquals("CREATE INDEX t_at_idx ON public.t USING btree (at)",
            value("pg_indexes", where("pg_indexes", "indexname", "t_at_idx"), "indexdef"));
        final Object[] rowType = where("pg_type", "oid", 16385L);
        assertEquals("t", value("pg_type", rowType, "typname"));
        assertEquals("c", value("pg_type", rowType, "typtype"));
        assertEquals(16384L, value("pg_type", rowType, "typrelid"));
        final Object[] int4 = where("pg_type", "typname", "int4");
        assertEquals(1007L, value("pg_type", int4, "typarray"));
        assertEquals("N", value("pg_type", int4, "typcategory"));
        final Object[] int4s = where("pg_type", "typname", "_int4");
        assertEquals(23L, value("pg_type", int4s, "typelem"));
        assertEquals("A", value("pg_type", int4s, "typcategory"));
        assertTrue(rows("pg_inherits").isEmpty());
        assertTrue(rows("pg_partitioned_table").isEmpty());
        assertEquals(List.of(new Object[] {"a", 1}, new Object[] {"b", 2}).size(),
            SystemCatalog.expandArray(new Object[] {"a", "b"}).size());
        assertArrayEquals(new Object[] {(short) 3, 1}, SystemCatalog.expandArray(new Object[] {(short) 3}).get(0));
    }
}
