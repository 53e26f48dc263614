package io.stratum.compute.catalog.pg;

import io.stratum.compute.catalog.CatalogContext;
import io.stratum.compute.catalog.CatalogSnapshot;
import io.stratum.compute.catalog.Relation;
import java.util.List;

/**
 * A virtual relation of {@code pg_catalog} or {@code information_schema} (pg_class, pg_attribute,
 * information_schema.columns, ...): PostgreSQL 15's columns, and rows built from a catalog snapshot on
 * each scan. Row values are the Java forms of {@link io.stratum.compute.types.PgType} (name columns
 * String, oid columns Long, int2vector / oidvector / arrays Object[], "char" columns String of length 1).
 */
public interface SystemRelation extends Relation {
    /** Schema name: {@code pg_catalog} or {@code information_schema}. */
    String schemaName();

    /** Columns in order (the sqlengine's attnum = index + 1). */
    List<SystemColumn> columns();

    /** The rows now, for {@code snapshot} and the session {@code ctx}. */
    List<Object[]> rows(CatalogSnapshot snapshot, CatalogContext ctx);

    /** Whether column {@code index} (0-based) is NOT NULL, as in PostgreSQL's catalog (pg_attribute.attnotnull). */
    default boolean notNull(final int index) {
        return false;
    }

    /** 0-based index of a column, -1 when none. */
    default int columnIndex(final String columnName) {
        final List<SystemColumn> cs = columns();
        for (int i = 0; i < cs.size(); i++) {
            if (cs.get(i).name().equals(columnName)) {
                return i;
            }
        }
        return -1;
    }
}
