package io.stratum.compute.catalog;

import java.util.List;

/**
 * A view (pg_class row of relkind 'v'): its columns (pg_attribute rows, attnum = index + 1), the query text it
 * was created with (bound again, in the session's search path, whenever a statement reads it) and the OIDs of
 * the relations that query reads (DROP of one of them fails with 2BP01 while the view exists).
 *
 * @param oid pg_class.oid
 * @param name relname
 * @param namespaceOid relnamespace
 * @param columns the output columns, in order
 * @param definition the SELECT as written in CREATE VIEW
 * @param dependsOn OIDs of the tables and views the definition reads
 * @param ownerOid relowner
 */
public record ViewDef(int oid, String name, int namespaceOid, List<ColumnDef> columns, String definition, List<Integer> dependsOn,
                      int ownerOid) implements Relation {
    @Override
    public char kind() {
        return 'v';
    }
}
