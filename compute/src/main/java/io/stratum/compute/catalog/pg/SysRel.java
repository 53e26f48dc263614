package io.stratum.compute.catalog.pg;

import io.stratum.compute.catalog.CatalogContext;
import io.stratum.compute.catalog.CatalogSnapshot;
import io.stratum.compute.catalog.NamespaceDef;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One virtual relation: its pg_class identity, PostgreSQL 15's columns and a row source. */
final class SysRel implements SystemRelation {
    /** Builds the rows of one relation. */
    interface Source {
        void rows(CatalogSnapshot snapshot, CatalogContext ctx, Rows out);
    }

    private final int oid;
    private final String schema;
    private final String name;
    private final char kind;
    private final List<SystemColumn> columns;
    private final Map<String, Integer> index;
    private final Source source;

    /**
     * @param columns {@code "name type"} pairs; types as PostgreSQL spells them (oid, name, int2, text[], "char",
     *     aclitem[] and pg_node_tree map to text forms)
     */
    SysRel(final int oid, final String schema, final String name, final char kind, final String columns,
           final Source source) {
        this.oid = oid;
        this.schema = schema;
        this.name = name;
        this.kind = kind;
        this.source = source;
        final List<SystemColumn> cols = new ArrayList<>();
        final Map<String, Integer> idx = new HashMap<>();
        for (final String part : columns.split(",")) {
            final String[] nt = part.strip().split("\\s+");
            idx.put(nt[0], cols.size());
            cols.add(new SystemColumn(nt[0], type(nt[1])));
        }
        this.columns = List.copyOf(cols);
        this.index = Map.copyOf(idx);
    }

    static PgType type(final String t) {
        switch (t) {
            case "oid": return PgType.OID;
            case "xid": return PgType.OID;
            case "name": return PgType.NAME;
            case "int2": return PgType.INT2;
            case "int4": return PgType.INT4;
            case "int8": return PgType.INT8;
            case "float4": return PgType.FLOAT4;
            case "float8": return PgType.FLOAT8;
            case "bool": return PgType.BOOL;
            case "char": return PgType.CHAR;
            case "text": return PgType.TEXT;
            case "varchar": return PgType.VARCHAR;
            case "bytea": return PgType.BYTEA;
            case "pg_node_tree": return PgType.TEXT;
            case "regproc": return PgType.REGPROC;
            case "regtype": return PgType.REGTYPE;
            case "regclass": return PgType.REGCLASS;
            case "timestamptz": return PgType.TIMESTAMPTZ;
            case "interval": return PgType.INTERVAL;
            case "float8[]": return PgType.FLOAT8_ARRAY;
            case "int2vector": return PgType.INT2VECTOR;
            case "oidvector": return PgType.OIDVECTOR;
            case "text[]": case "aclitem[]": case "anyarray": return PgType.TEXT_ARRAY;
            case "int2[]": return PgType.INT2_ARRAY;
            case "oid[]": return PgType.OID_ARRAY;
            case "char[]": return PgType.CHAR_ARRAY;
            case "name[]": return PgType.NAME_ARRAY;
            default: throw new IllegalArgumentException("no PgType for " + t);
        }
    }

    @Override
    public int oid() {
        return oid;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int namespaceOid() {
        return "information_schema".equals(schema) ? NamespaceDef.INFORMATION_SCHEMA : NamespaceDef.PG_CATALOG;
    }

    @Override
    public char kind() {
        return kind;
    }

    @Override
    public String schemaName() {
        return schema;
    }

    @Override
    public List<SystemColumn> columns() {
        return columns;
    }

    @Override
    public boolean notNull(final int index) {
        return "pg_catalog".equals(schema) && CatalogNotNull.notNull(name, index);
    }

    @Override
    public int columnIndex(final String columnName) {
        final Integer i = index.get(columnName);
        return i == null ? -1 : i;
    }

    @Override
    public List<Object[]> rows(final CatalogSnapshot snapshot, final CatalogContext ctx) {
        final Rows out = new Rows(this);
        source.rows(snapshot, ctx, out);
        return out.list;
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }

    /** Collects rows, setting values by column name (unset columns are NULL). */
    static final class Rows {
        private final SysRel rel;
        final List<Object[]> list = new ArrayList<>();
        private Object[] current;

        Rows(final SysRel rel) {
            this.rel = rel;
        }

        Rows add() {
            current = new Object[rel.columns.size()];
            list.add(current);
            return this;
        }

        Rows set(final String column, final Object value) {
            final Integer i = rel.index.get(column);
            if (i == null) {
                throw new IllegalArgumentException(rel + " has no column " + column);
            }
            current[i] = value;
            return this;
        }
    }

    static Long oid(final long v) {
        return v;
    }

    static Short i2(final int v) {
        return (short) v;
    }

    static Object[] i2vector(final int[] v) {
        final Object[] a = new Object[v.length];
        for (int i = 0; i < v.length; i++) {
            a[i] = (short) v[i];
        }
        return a;
    }
}
