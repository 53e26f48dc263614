package io.stratum.compute.catalog;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.util.List;

/** Sequences and schemas. */
final class DdlObjects {
    private DdlObjects() {
    }

    static long maxOf(final PgType t) {
        return t == PgType.INT2 ? Short.MAX_VALUE : t == PgType.INT4 ? Integer.MAX_VALUE : Long.MAX_VALUE;
    }

    static long minOf(final PgType t) {
        return t == PgType.INT2 ? Short.MIN_VALUE : t == PgType.INT4 ? Integer.MIN_VALUE : Long.MIN_VALUE;
    }

    /** The sequence of a serial column: {@code <table>_<column>_seq}, owned by the column. */
    static SequenceDef createOwnedSequence(final Ddl d, final NamespaceDef nsp, final String table, final String column,
                                           final PgType type, final int tableOid, final int attnum) {
        return createOwnedSequence(d, nsp, table, column, type, tableOid, attnum, (char) 0, null, null);
    }

    /** The sequence of a serial or identity column ({@code identity} a / d), with an identity's START / INCREMENT. */
    static SequenceDef createOwnedSequence(final Ddl d, final NamespaceDef nsp, final String table, final String column,
                                           final PgType type, final int tableOid, final int attnum, final char identity,
                                           final Long start, final Long increment) {
        if (type != PgType.INT2 && type != PgType.INT4 && type != PgType.INT8) {
            if (identity != 0) {
                throw new SqlException("22023", "identity column type must be smallint, integer, or bigint");
            }
            throw new SqlException("42601", "serial columns must be smallint, integer or bigint");
        }
        final String name = d.chooseRelationName(table, column, "seq", nsp.oid());
        final long inc = increment == null ? 1 : increment;
        final long min = inc > 0 ? 1 : minOf(type);
        final long max = inc > 0 ? maxOf(type) : -1;
        final long st = start != null ? start : inc > 0 ? min : max;
        final SequenceDef s = new SequenceDef(d.oid(), name, nsp.oid(), type, st, inc, min, max, 1, false,
            tableOid, attnum);
        insertSequence(d, s);
        return s;
    }

    private static void insertSequence(final Ddl d, final SequenceDef s) {
        d.b.sequences.put(s.oid(), s);
        d.b.relTid.put(s.oid(), d.io.insert(d.tx, CatalogRows.RELATIONS,
            CatalogIo.sequenceRelRow(s, NamespaceDef.SUPERUSER_OID)));
        d.b.seqTid.put(s.oid(), d.io.insert(d.tx, CatalogRows.SEQUENCES, CatalogIo.sequenceRow(s)));
    }

    static void deleteSequence(final Ddl d, final SequenceDef s) {
        d.io.delete(d.tx, CatalogRows.RELATIONS, d.b.relTid.remove(s.oid()));
        d.io.delete(d.tx, CatalogRows.SEQUENCES, d.b.seqTid.remove(s.oid()));
        d.b.sequences.remove(s.oid());
    }

    static SequenceDef createSequence(final Ddl d, final CatalogContext ctx, final SequenceSpec spec) {
        final NamespaceDef nsp = d.creationNamespace(ctx, spec.schema());
        final String name = Names.truncate(spec.name());
        if (d.b.relationNameTaken(nsp.oid(), name)) {
            if (spec.ifNotExists()) {
                return null;
            }
            throw Ddl.exists(name);
        }
        final PgType type = spec.type() == null ? PgType.INT8 : spec.type();
        if (type != PgType.INT2 && type != PgType.INT4 && type != PgType.INT8) {
            throw new SqlException("22023", "sequence type must be smallint, integer, or bigint");
        }
        final long inc = spec.increment() == null ? 1 : spec.increment();
        if (inc == 0) {
            throw new SqlException("22023", "INCREMENT must not be zero");
        }
        final long max = spec.max() != null ? spec.max() : inc > 0 ? maxOf(type) : -1;
        final long min = spec.min() != null ? spec.min() : inc > 0 ? 1 : minOf(type);
        if (max < minOf(type) || max > maxOf(type)) {
            throw new SqlException("22023", "MAXVALUE (" + max + ") is out of range for sequence data type "
                + type.sqlName());
        }
        if (min < minOf(type) || min > maxOf(type)) {
            throw new SqlException("22023", "MINVALUE (" + min + ") is out of range for sequence data type "
                + type.sqlName());
        }
        if (min >= max) {
            throw new SqlException("22023", "MINVALUE (" + min + ") must be less than MAXVALUE (" + max + ")");
        }
        final long start = spec.start() != null ? spec.start() : inc > 0 ? min : max;
        if (start < min) {
            throw new SqlException("22023", "START value (" + start + ") cannot be less than MINVALUE (" + min + ")");
        }
        if (start > max) {
            throw new SqlException("22023", "START value (" + start + ") cannot be greater than MAXVALUE (" + max + ")");
        }
        final long cache = spec.cache() == null ? 1 : spec.cache();
        if (cache <= 0) {
            throw new SqlException("22023", "CACHE (" + cache + ") must be greater than zero");
        }
        final SequenceDef s = new SequenceDef(d.oid(), name, nsp.oid(), type, start, inc, min, max, cache, spec.cycle(),
            0, 0);
        insertSequence(d, s);
        return s;
    }

    static boolean createSchema(final Ddl d, final String name, final boolean ifNotExists) {
        if (d.b.namespace(name) != null) {
            if (ifNotExists) {
                return false;
            }
            throw new SqlException("42P06", "schema \"" + name + "\" already exists");
        }
        if (name.startsWith("pg_")) {
            throw new SqlException("42939", "unacceptable schema name \"" + name + "\"",
                "The prefix \"pg_\" is reserved for system schemas.", null, 0, null);
        }
        final NamespaceDef n = new NamespaceDef(d.oid(), Names.truncate(name), NamespaceDef.SUPERUSER_OID);
        d.b.namespaces.put(n.oid(), n);
        d.b.nspTid.put(n.oid(), d.io.insert(d.tx, CatalogRows.NAMESPACES, CatalogIo.namespaceRow(n)));
        return true;
    }

    /** DROP SCHEMA [CASCADE] of one name: what it contains, and what depends on that ({@link DropCascade}). */
    static boolean dropSchema(final Ddl d, final String name, final boolean ifExists, final boolean cascade) {
        final NamespaceDef n = d.b.namespace(name);
        if (n == null) {
            if (ifExists) {
                return false;
            }
            throw new SqlException("3F000", "schema \"" + name + "\" does not exist");
        }
        DropCascade.dropObjects(d, 'n', List.of(n.oid()), cascade, new java.util.ArrayList<>());
        return true;
    }
}
