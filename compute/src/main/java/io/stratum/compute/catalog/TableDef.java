package io.stratum.compute.catalog;

import io.stratum.compute.session.SqlException;
import java.util.List;

/**
 * A table (pg_class row of relkind 'r'), with its columns, indexes and constraints. Immutable: DDL makes
 * a new one in a new {@link CatalogSnapshot}.
 *
 * @param oid pg_class.oid (stable for the table's lifetime)
 * @param name relname
 * @param namespaceOid relnamespace
 * @param relfilenode the mvcc relation number of its heap (changes on TRUNCATE)
 * @param columns in attnum order (attnum = index + 1)
 * @param indexes its indexes, primary key first, then by name
 * @param constraints p / u / c constraints
 * @param options storage parameters as PostgreSQL keeps reloptions: {@code fillfactor=100}
 * @param ownerOid relowner
 * @param rowTypeOid reltype: the OID of the table's composite type in pg_type
 */
public record TableDef(int oid, String name, int namespaceOid, int relfilenode, List<ColumnDef> columns,
                       List<IndexDef> indexes, List<ConstraintDef> constraints, List<String> options, int ownerOid,
                       int rowTypeOid) implements Relation {

    @Override
    public char kind() {
        return 'r';
    }

    /** 0-based index of column {@code columnName} in row arrays, -1 when there is none. */
    public int columnIndex(final String columnName) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(columnName)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Column {@code columnName}.
     *
     * @throws SqlException 42703 {@code column "c" of relation "t" does not exist}
     */
    public ColumnDef column(final String columnName) {
        final int i = columnIndex(columnName);
        if (i < 0) {
            throw new SqlException("42703", "column \"" + columnName + "\" of relation \"" + name + "\" does not exist");
        }
        return columns.get(i);
    }

    /** The primary key index, or null. */
    public IndexDef primaryKey() {
        for (final IndexDef i : indexes) {
            if (i.primary()) {
                return i;
            }
        }
        return null;
    }
}
