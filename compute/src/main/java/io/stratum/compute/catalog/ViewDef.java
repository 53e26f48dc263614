package io.stratum.compute.catalog;

import java.util.List;

/**
 * A view (pg_class row of relkind 'v'): its columns (pg_attribute rows, attnum = index + 1), the query text it
 * was created with (bound again, in the session's search path, whenever a statement reads it) and what that
 * query read when it was created (PostgreSQL's pg_depend rows of the view's _RETURN rule): the relations it
 * names directly (not those of the views it reads), the columns of them it references, the enum types its
 * constants and casts use and the SQL functions it calls. DROP of one of them, DROP COLUMN or ALTER COLUMN TYPE of such a column, fails while
 * the view exists (or, with CASCADE, drops the view: see {@link DropCascade}).
 *
 * @param oid pg_class.oid
 * @param name relname
 * @param namespaceOid relnamespace
 * @param columns the output columns, in order
 * @param definition the SELECT as written in CREATE VIEW
 * @param reads what the definition read when the view was created or replaced
 * @param ownerOid relowner
 */
public record ViewDef(int oid, String name, int namespaceOid, List<ColumnDef> columns, String definition, Reads reads,
                      int ownerOid) implements Relation {
    /**
     * What a view's definition reads.
     *
     * @param relations OIDs of the tables, views and sequences it names
     * @param columns {@link #columnKey}s of the columns of those relations it references
     * @param types OIDs of the enum types its constants and casts use
     * @param functions OIDs of the SQL functions it calls
     */
    public record Reads(List<Integer> relations, List<Long> columns, List<Integer> types, List<Integer> functions) {
        public Reads {
            relations = List.copyOf(relations);
            columns = List.copyOf(columns);
            types = List.copyOf(types);
            functions = List.copyOf(functions);
        }
    }

    @Override
    public char kind() {
        return 'v';
    }

    /** OIDs of the relations the definition names. */
    public List<Integer> dependsOn() {
        return reads.relations();
    }

    /** The key of column {@code attnum} of relation {@code relid} in {@link Reads#columns}. */
    public static long columnKey(final long relid, final int attnum) {
        return relid << 16 | attnum & 0xFFFF;
    }

    /** Whether the definition references column {@code attnum} of relation {@code relid}. */
    public boolean readsColumn(final int relid, final int attnum) {
        return reads.columns().contains(columnKey(relid, attnum));
    }
}
