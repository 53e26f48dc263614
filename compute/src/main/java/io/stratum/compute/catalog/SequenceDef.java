package io.stratum.compute.catalog;

import io.stratum.compute.types.PgType;

/**
 * A sequence (pg_class row of relkind 'S' plus its pg_sequence row). Values live in
 * {@link io.stratum.mvcc.MvccStore#nextValue} keyed by {@link #oid()}; use {@link Catalog#nextval}.
 *
 * @param type INT2, INT4 or INT8 (seqtypid; serial gives INT4, bigserial INT8)
 * @param ownedByTable OID of the owning table (OWNED BY, serial), 0 when none
 * @param ownedByColumn attnum of the owning column, 0 when none
 */
public record SequenceDef(int oid, String name, int namespaceOid, PgType type, long start, long increment,
                          long min, long max, long cache, boolean cycle, int ownedByTable, int ownedByColumn)
    implements Relation {
    @Override
    public char kind() {
        return 'S';
    }
}
