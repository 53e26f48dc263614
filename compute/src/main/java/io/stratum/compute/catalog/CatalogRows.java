package io.stratum.compute.catalog;

import io.stratum.compute.storage.RowCodec;
import io.stratum.compute.types.PgType;

/**
 * The catalog heaps and their row layouts (encoded with {@link RowCodec}). Relation numbers:
 * <pre>
 * 1 relations   (oid, name, namespace, kind, relfilenode, owner, options text[], rowtype, view definition)
 * 2 attributes  (relid, attnum, name, typid, typmod, notnull, default text, missing bytea, identity)
 * 3 indexes     (oid, table, keys int2vector, unique, primary, expressions text[], predicate text,
 *               expression type OIDs text[], pretty forms text[])
 * 4 constraints (oid, name, kind, table, keys int2vector, index, check text, ref table, ref keys int2vector,
 *               on update, on delete, match type)
 * 5 sequences   (oid, typid, start, increment, min, max, cache, cycle, owned table, owned column)
 * 6 namespaces  (oid, name, owner)
 * </pre>
 * A new column may only be appended to a layout (old rows decode with null for it).
 */
final class CatalogRows {
    static final int RELATIONS = 1;
    static final int ATTRIBUTES = 2;
    static final int INDEXES = 3;
    static final int CONSTRAINTS = 4;
    static final int SEQUENCES = 5;
    static final int NAMESPACES = 6;
    /** Every catalog heap, in the order the bootstrap creates them (relations last: its existence means done). */
    static final int[] ALL = {ATTRIBUTES, INDEXES, CONSTRAINTS, SEQUENCES, NAMESPACES, RELATIONS};

    static final PgType[] REL = {PgType.INT4, PgType.TEXT, PgType.INT4, PgType.CHAR, PgType.INT4, PgType.INT4,
        PgType.TEXT_ARRAY, PgType.INT4, PgType.TEXT};
    static final PgType[] ATT = {PgType.INT4, PgType.INT2, PgType.TEXT, PgType.INT4, PgType.INT4, PgType.BOOL,
        PgType.TEXT, PgType.BYTEA, PgType.CHAR};
    static final PgType[] IDX = {PgType.INT4, PgType.INT4, PgType.INT2VECTOR, PgType.BOOL, PgType.BOOL,
        PgType.TEXT_ARRAY, PgType.TEXT, PgType.TEXT_ARRAY, PgType.TEXT_ARRAY};
    static final PgType[] CON = {PgType.INT4, PgType.TEXT, PgType.CHAR, PgType.INT4, PgType.INT2VECTOR, PgType.INT4,
        PgType.TEXT, PgType.INT4, PgType.INT2VECTOR, PgType.CHAR, PgType.CHAR, PgType.CHAR};
    static final PgType[] SEQ = {PgType.INT4, PgType.INT4, PgType.INT8, PgType.INT8, PgType.INT8, PgType.INT8,
        PgType.INT8, PgType.BOOL, PgType.INT4, PgType.INT2};
    static final PgType[] NSP = {PgType.INT4, PgType.TEXT, PgType.INT4};

    private CatalogRows() {
    }

    static PgType[] layout(final int heap) {
        switch (heap) {
            case RELATIONS: return REL;
            case ATTRIBUTES: return ATT;
            case INDEXES: return IDX;
            case CONSTRAINTS: return CON;
            case SEQUENCES: return SEQ;
            case NAMESPACES: return NSP;
            default: throw new IllegalArgumentException("no catalog heap " + heap);
        }
    }

    static Object[] shorts(final int[] attnums) {
        final Object[] a = new Object[attnums.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = (short) attnums[i];
        }
        return a;
    }

    static int[] ints(final Object v) {
        final Object[] a = (Object[]) v;
        final int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = ((Number) a[i]).intValue();
        }
        return r;
    }

    /** Key of an attribute row: (relid, attnum). */
    static long attKey(final int relid, final int attnum) {
        return ((long) relid << 16) | (attnum & 0xFFFF);
    }
}
