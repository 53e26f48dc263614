package io.stratum.compute.catalog;

import io.stratum.compute.types.PgType;
import java.util.List;

/** Snapshots of known schemas built in memory (no store), for the pure catalog functions. */
final class Schemas {
    private Schemas() {
    }

    /**
     * {@code CREATE TABLE t (id serial PRIMARY KEY, name varchar(20) NOT NULL UNIQUE, price numeric(10,2),
     * at timestamptz, CHECK (price > 0)); CREATE INDEX t_at_idx ON t (at);} in public, plus schema s with
     * table s.u (a int).
     */
    static CatalogSnapshot shop() {
        final SnapshotBuilder b = SnapshotBuilder.builtins(null);
        final int t = 16384;
        final List<ColumnDef> cols = List.of(
            new ColumnDef(1, "id", PgType.INT4, -1, true, "nextval('t_id_seq'::regclass)", null),
            new ColumnDef(2, "name", PgType.VARCHAR, ColumnDef.charTypmod(20), true, null, null),
            new ColumnDef(3, "price", PgType.NUMERIC, ColumnDef.numericTypmod(10, 2), false, null, null),
            new ColumnDef(4, "at", PgType.TIMESTAMPTZ, -1, false, null, null));
        b.tables.put(t, new TableDef(t, "t", NamespaceDef.PUBLIC, t, cols, List.of(), List.of(), List.of("fillfactor=100"),
            NamespaceDef.SUPERUSER_OID, 16385));
        b.sequences.put(16386, new SequenceDef(16386, "t_id_seq", NamespaceDef.PUBLIC, PgType.INT4, 1, 1, 1,
            Integer.MAX_VALUE, 1, false, t, 1));
        b.indexes.put(16387, new IndexDef(16387, "t_pkey", NamespaceDef.PUBLIC, t, new int[] {1}, true, true, 16387));
        b.indexes.put(16389, new IndexDef(16389, "t_name_key", NamespaceDef.PUBLIC, t, new int[] {2}, true, false, 16389));
        b.indexes.put(16391, new IndexDef(16391, "t_at_idx", NamespaceDef.PUBLIC, t, new int[] {4}, false, false, 16391));
        b.refreshTable(t, List.of(
            new ConstraintDef(16388, "t_pkey", ConstraintKind.PRIMARY_KEY, t, new int[] {1}, 16387, null),
            new ConstraintDef(16390, "t_name_key", ConstraintKind.UNIQUE, t, new int[] {2}, 16389, null),
            new ConstraintDef(16392, "t_price_check", ConstraintKind.CHECK, t, new int[] {3}, 0, "(price > (0)::numeric)")));
        b.namespaces.put(16393, new NamespaceDef(16393, "s", NamespaceDef.SUPERUSER_OID));
        b.tables.put(16394, new TableDef(16394, "u", 16393, 16394,
            List.of(new ColumnDef(1, "a", PgType.INT4, -1, false, null, null)), List.of(), List.of(), List.of(),
            NamespaceDef.SUPERUSER_OID, 16395));
        return b.build();
    }
}
