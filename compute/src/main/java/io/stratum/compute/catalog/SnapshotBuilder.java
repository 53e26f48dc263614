package io.stratum.compute.catalog;

import io.stratum.mvcc.MvccStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A mutable copy of a {@link CatalogSnapshot}: DDL changes it alongside the catalog heaps, then
 * {@link #build} freezes it. Keeps the TID of every catalog row so DDL can update or delete it.
 */
final class SnapshotBuilder {
    final MvccStore store;
    long generation;
    /** Whether the snapshot holds a transaction's uncommitted DDL. */
    boolean privateView;
    final Map<Integer, NamespaceDef> namespaces;
    final Map<Integer, TableDef> tables;
    final Map<Integer, IndexDef> indexes;
    final Map<Integer, SequenceDef> sequences;
    final Map<Integer, ViewDef> views;
    /** Enum types by pg_type OID (their catalog rows are relation rows of kind {@code E}, in relTid). */
    final Map<Integer, io.stratum.compute.types.EnumType> enums;
    /** SQL functions by pg_proc OID (relation rows of kind {@code F}, in relTid). */
    final Map<Integer, FunctionDef> functions;
    final Map<Integer, Long> relTid;
    final Map<Long, Long> attTid;
    final Map<Integer, Long> idxTid;
    final Map<Integer, Long> conTid;
    final Map<Integer, Long> seqTid;
    final Map<Integer, Long> nspTid;

    SnapshotBuilder(final MvccStore store, final long generation) {
        this.store = store;
        this.generation = generation;
        namespaces = new HashMap<>();
        tables = new HashMap<>();
        indexes = new HashMap<>();
        sequences = new HashMap<>();
        views = new HashMap<>();
        enums = new HashMap<>();
        functions = new HashMap<>();
        relTid = new HashMap<>();
        attTid = new HashMap<>();
        idxTid = new HashMap<>();
        conTid = new HashMap<>();
        seqTid = new HashMap<>();
        nspTid = new HashMap<>();
    }

    SnapshotBuilder(final CatalogSnapshot s) {
        store = s.store;
        generation = s.generation();
        namespaces = new HashMap<>(s.nspByOid);
        tables = new HashMap<>(s.tableByOid);
        indexes = new HashMap<>(s.indexByOid);
        sequences = new HashMap<>(s.sequenceByOid);
        views = new HashMap<>(s.viewByOid);
        enums = new HashMap<>(s.enumByOid);
        functions = new HashMap<>(s.functionByOid);
        relTid = new HashMap<>(s.relTid);
        attTid = new HashMap<>(s.attTid);
        idxTid = new HashMap<>(s.idxTid);
        conTid = new HashMap<>(s.conTid);
        seqTid = new HashMap<>(s.seqTid);
        nspTid = new HashMap<>(s.nspTid);
    }

    /** The built-in schemas, for a store without catalog heaps. */
    static SnapshotBuilder builtins(final MvccStore store) {
        final SnapshotBuilder b = new SnapshotBuilder(store, 0);
        for (final NamespaceDef n : builtinNamespaces()) {
            b.namespaces.put(n.oid(), n);
        }
        return b;
    }

    static List<NamespaceDef> builtinNamespaces() {
        return List.of(new NamespaceDef(NamespaceDef.PG_CATALOG, "pg_catalog", NamespaceDef.SUPERUSER_OID),
            new NamespaceDef(NamespaceDef.PG_TOAST, "pg_toast", NamespaceDef.SUPERUSER_OID),
            new NamespaceDef(NamespaceDef.PUBLIC, "public", NamespaceDef.DATABASE_OWNER_OID),
            new NamespaceDef(NamespaceDef.INFORMATION_SCHEMA, "information_schema", NamespaceDef.SUPERUSER_OID));
    }

    /** Replaces a table's indexes and constraints with those now in the builder (sorted as PostgreSQL's \d). */
    TableDef refreshTable(final int tableOid, final List<ConstraintDef> constraints) {
        final TableDef t = tables.get(tableOid);
        final List<IndexDef> idx = new ArrayList<>();
        for (final IndexDef i : indexes.values()) {
            if (i.tableOid() == tableOid) {
                idx.add(i);
            }
        }
        idx.sort(Comparator.comparing((IndexDef i) -> !i.primary()).thenComparing(IndexDef::name));
        final List<ConstraintDef> cons = new ArrayList<>(constraints);
        cons.sort(Comparator.comparing(ConstraintDef::name));
        final TableDef n = new TableDef(t.oid(), t.name(), t.namespaceOid(), t.relfilenode(), t.columns(),
            List.copyOf(idx), List.copyOf(cons), t.options(), t.ownerOid(), t.rowTypeOid());
        tables.put(tableOid, n);
        return n;
    }

    /** Whether any relation of {@code namespaceOid} is called {@code name}. */
    boolean relationNameTaken(final int namespaceOid, final String name) {
        for (final TableDef t : tables.values()) {
            if (t.namespaceOid() == namespaceOid && t.name().equals(name)) {
                return true;
            }
        }
        for (final IndexDef i : indexes.values()) {
            if (i.namespaceOid() == namespaceOid && i.name().equals(name)) {
                return true;
            }
        }
        for (final SequenceDef s : sequences.values()) {
            if (s.namespaceOid() == namespaceOid && s.name().equals(name)) {
                return true;
            }
        }
        for (final ViewDef v : views.values()) {
            if (v.namespaceOid() == namespaceOid && v.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The enum type {@code name} of {@code namespaceOid}, or null. */
    io.stratum.compute.types.EnumType enumIn(final int namespaceOid, final String name) {
        for (final io.stratum.compute.types.EnumType e : enums.values()) {
            if (e.namespaceOid() == namespaceOid && e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    NamespaceDef namespace(final String name) {
        for (final NamespaceDef n : namespaces.values()) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        return null;
    }

    CatalogSnapshot build() {
        return new CatalogSnapshot(this);
    }
}
