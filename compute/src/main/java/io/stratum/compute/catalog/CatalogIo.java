package io.stratum.compute.catalog;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.storage.RowCodec;
import io.stratum.compute.types.PgType;
import io.stratum.mvcc.HeapScan;
import io.stratum.mvcc.HeapTable;
import io.stratum.mvcc.MvccStore;
import io.stratum.mvcc.Outcome;
import io.stratum.mvcc.Transaction;
import io.stratum.mvcc.TupleView;
import io.stratum.mvcc.WaitPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/** Reads and writes catalog rows in the catalog heaps of one store. Stateless apart from the store. */
final class CatalogIo {
    private final MvccStore store;

    CatalogIo(final MvccStore store) {
        this.store = store;
    }

    /** Creates the catalog heaps and the built-in schemas in {@code tx}. */
    void bootstrap(final Transaction tx) {
        for (final int heap : CatalogRows.ALL) {
            if (!store.exists(heap)) {
                store.createHeap(tx, heap);
            }
        }
        for (final NamespaceDef n : SnapshotBuilder.builtinNamespaces()) {
            insert(tx, CatalogRows.NAMESPACES, namespaceRow(n));
        }
    }

    long insert(final Transaction tx, final int heap, final Object[] row) {
        final RowCodec codec = new RowCodec(CatalogRows.layout(heap), null);
        final ExpandableArrayBuffer buf = new ExpandableArrayBuffer(codec.encodedLength(row));
        final int len = codec.encode(row, buf, 0);
        return store.heap(heap).insert(tx, buf, 0, len);
    }

    /** Replaces the row at {@code tid}; returns the new version's TID. */
    long update(final Transaction tx, final int heap, final long tid, final Object[] row) {
        final RowCodec codec = new RowCodec(CatalogRows.layout(heap), null);
        final ExpandableArrayBuffer buf = new ExpandableArrayBuffer(codec.encodedLength(row));
        final int len = codec.encode(row, buf, 0);
        final long[] out = new long[1];
        final Outcome o = store.heap(heap).update(tx, tid, buf, 0, len, WaitPolicy.BLOCK, out);
        if (o != Outcome.OK && o != Outcome.SELF_MODIFIED) {
            throw new SqlException("XX000", "tuple concurrently updated");
        }
        return o == Outcome.OK ? out[0] : tid;
    }

    void delete(final Transaction tx, final int heap, final long tid) {
        final Outcome o = store.heap(heap).delete(tx, tid, WaitPolicy.BLOCK, new long[1]);
        if (o != Outcome.OK && o != Outcome.SELF_MODIFIED) {
            throw new SqlException("XX000", "tuple concurrently deleted");
        }
    }

    /** Every row of a catalog heap visible to {@code tx}, with its TID. */
    private List<Row> scan(final Transaction tx, final int heap) {
        final HeapTable h = store.heap(heap);
        final RowCodec codec = new RowCodec(CatalogRows.layout(heap), null);
        final List<Row> rows = new ArrayList<>();
        try (HeapScan s = h.scan(tx)) {
            while (s.next()) {
                final TupleView t = s.tuple();
                rows.add(new Row(t.tid(), codec.decode(t.buffer(), t.offset(), t.length(),
                    new Object[codec.columnCount()])));
            }
        }
        return rows;
    }

    private record Row(long tid, Object[] v) {
    }

    /** Builds the schema visible to {@code tx} from the catalog heaps. */
    SnapshotBuilder load(final Transaction tx, final long generation) {
        final SnapshotBuilder b = new SnapshotBuilder(store, generation);
        for (final Row r : scan(tx, CatalogRows.NAMESPACES)) {
            final NamespaceDef n = new NamespaceDef((Integer) r.v[0], (String) r.v[1], (Integer) r.v[2]);
            b.namespaces.put(n.oid(), n);
            b.nspTid.put(n.oid(), r.tid);
        }
        final Map<Integer, List<ColumnDef>> columns = new HashMap<>();
        for (final Row r : scan(tx, CatalogRows.ATTRIBUTES)) {
            final int relid = (Integer) r.v[0];
            final int attnum = (Short) r.v[1];
            final PgType type = PgType.byOid((Integer) r.v[3]);
            final Object missing = r.v[7] == null ? null : decodeMissing(type, (byte[]) r.v[7]);
            final String ident = (String) r.v[8];
            columns.computeIfAbsent(relid, k -> new ArrayList<>()).add(new ColumnDef(attnum, (String) r.v[2], type,
                (Integer) r.v[4], (Boolean) r.v[5], (String) r.v[6], missing,
                ident == null || ident.isEmpty() ? (char) 0 : ident.charAt(0)));
            b.attTid.put(CatalogRows.attKey(relid, attnum), r.tid);
        }
        final Map<Integer, Object[]> idxRows = new HashMap<>();
        for (final Row r : scan(tx, CatalogRows.INDEXES)) {
            idxRows.put((Integer) r.v[0], r.v);
            b.idxTid.put((Integer) r.v[0], r.tid);
        }
        final Map<Integer, Object[]> seqRows = new HashMap<>();
        for (final Row r : scan(tx, CatalogRows.SEQUENCES)) {
            seqRows.put((Integer) r.v[0], r.v);
            b.seqTid.put((Integer) r.v[0], r.tid);
        }
        final Map<Integer, List<ConstraintDef>> constraints = new HashMap<>();
        for (final Row r : scan(tx, CatalogRows.CONSTRAINTS)) {
            final ConstraintDef c = r.v[7] == null
                ? new ConstraintDef((Integer) r.v[0], (String) r.v[1], kind((String) r.v[2]), (Integer) r.v[3],
                    CatalogRows.ints(r.v[4]), (Integer) r.v[5], (String) r.v[6])
                : new ConstraintDef((Integer) r.v[0], (String) r.v[1], kind((String) r.v[2]), (Integer) r.v[3],
                    CatalogRows.ints(r.v[4]), (Integer) r.v[5], (String) r.v[6], (Integer) r.v[7],
                    CatalogRows.ints(r.v[8]), ((String) r.v[9]).charAt(0), ((String) r.v[10]).charAt(0),
                    ((String) r.v[11]).charAt(0));
            constraints.computeIfAbsent(c.tableOid(), k -> new ArrayList<>()).add(c);
            b.conTid.put(c.oid(), r.tid);
        }
        for (final Row r : scan(tx, CatalogRows.RELATIONS)) {
            final int oid = (Integer) r.v[0];
            final String name = (String) r.v[1];
            final int nsp = (Integer) r.v[2];
            final char kind = ((String) r.v[3]).charAt(0);
            final int node = (Integer) r.v[4];
            b.relTid.put(oid, r.tid);
            if (kind == 'r') {
                final List<ColumnDef> cols = columns.getOrDefault(oid, new ArrayList<>());
                cols.sort((x, y) -> Integer.compare(x.attnum(), y.attnum()));
                final Object[] opts = (Object[]) r.v[6];
                final List<String> options = opts == null ? List.of()
                    : Arrays.stream(opts).map(o -> (String) o).toList();
                b.tables.put(oid, new TableDef(oid, name, nsp, node, List.copyOf(cols), List.of(), List.of(),
                    options, (Integer) r.v[5], (Integer) r.v[7]));
            } else if (kind == 'i') {
                final Object[] ir = idxRows.get(oid);
                if (ir != null) {
                    final Object[] ex = (Object[]) ir[5];
                    final Object[] types = (Object[]) ir[7];
                    b.indexes.put(oid, new IndexDef(oid, name, nsp, (Integer) ir[1], CatalogRows.ints(ir[2]),
                        (Boolean) ir[3], (Boolean) ir[4], node,
                        ex == null ? List.of() : Arrays.stream(ex).map(o -> (String) o).toList(),
                        types == null ? new int[0] : Arrays.stream(types).mapToInt(o -> Integer.parseInt((String) o)).toArray(),
                        (String) ir[6], ir[8] == null ? List.of() : Arrays.stream((Object[]) ir[8]).map(o -> (String) o).toList()));
                }
            } else if (kind == 'v') {
                b.views.put(oid, viewDef(oid, name, nsp, columns.getOrDefault(oid, new ArrayList<>()), r.v,
                    columns));
            } else if (kind == 'E') {
                final Object[] labels = (Object[]) r.v[6];
                final List<io.stratum.compute.types.EnumType.Entry> entries = new ArrayList<>();
                for (final Object l : labels == null ? new Object[0] : labels) {
                    entries.add(io.stratum.compute.types.EnumType.Entry.decode((String) l));
                }
                b.enums.put(oid, new io.stratum.compute.types.EnumType(oid, (Integer) r.v[7], name, nsp, (Integer) r.v[5],
                    entries));
            } else if (kind == 'F') {
                b.functions.put(oid, functionDef(oid, name, nsp, (Integer) r.v[5], (Object[]) r.v[6], (String) r.v[8]));
            } else if (kind == 'S') {
                final Object[] sr = seqRows.get(oid);
                if (sr != null) {
                    b.sequences.put(oid, new SequenceDef(oid, name, nsp, PgType.byOid((Integer) sr[1]), (Long) sr[2],
                        (Long) sr[3], (Long) sr[4], (Long) sr[5], (Long) sr[6], (Boolean) sr[7], (Integer) sr[8],
                        (Short) sr[9]));
                }
            }
        }
        for (final Integer t : List.copyOf(b.tables.keySet())) {
            b.refreshTable(t, constraints.getOrDefault(t, List.of()));
        }
        return b;
    }

    static ConstraintKind kind(final String code) {
        switch (code) {
            case "p": return ConstraintKind.PRIMARY_KEY;
            case "u": return ConstraintKind.UNIQUE;
            case "f": return ConstraintKind.FOREIGN_KEY;
            default: return ConstraintKind.CHECK;
        }
    }

    // ---- row images ----

    static Object[] namespaceRow(final NamespaceDef n) {
        return new Object[] {n.oid(), n.name(), n.ownerOid()};
    }

    static Object[] tableRow(final TableDef t) {
        return new Object[] {t.oid(), t.name(), t.namespaceOid(), "r", t.relfilenode(), t.ownerOid(),
            t.options().toArray(), t.rowTypeOid(), null};
    }

    static Object[] indexRelRow(final IndexDef i, final int owner) {
        return new Object[] {i.oid(), i.name(), i.namespaceOid(), "i", i.relfilenode(), owner, null, 0, null};
    }

    static Object[] indexRow(final IndexDef i) {
        return new Object[] {i.oid(), i.tableOid(), CatalogRows.shorts(i.keyAttnums()), i.unique(), i.primary(),
            i.exprs().isEmpty() ? null : i.exprs().toArray(), i.predicate(),
            i.exprs().isEmpty() ? null : Arrays.stream(i.exprTypeOids()).mapToObj(String::valueOf).toArray(),
            i.pretty().isEmpty() ? null : i.pretty().toArray()};
    }

    static Object[] sequenceRelRow(final SequenceDef s, final int owner) {
        return new Object[] {s.oid(), s.name(), s.namespaceOid(), "S", 0, owner, null, 0, null};
    }

    /**
     * A view's relation row: its dependencies as the options array, its query text last. One option per relation
     * it reads, {@code oid:attnum,attnum} (the columns it references, none after the colon for none), and
     * {@code t<oid>} per enum type. A row written before column dependencies were kept has {@code oid} alone:
     * {@link #viewDef} reads it as referencing every column the relation had when loaded.
     */
    static Object[] viewRelRow(final ViewDef v) {
        final List<String> deps = new ArrayList<>();
        for (final int rel : v.dependsOn()) {
            final StringBuilder sb = new StringBuilder().append(rel).append(':');
            for (final long k : v.reads().columns()) {
                if (k >>> 16 == rel) {
                    sb.append(sb.charAt(sb.length() - 1) == ':' ? "" : ",").append(k & 0xFFFF);
                }
            }
            deps.add(sb.toString());
        }
        for (final int t : v.reads().types()) {
            deps.add("t" + t);
        }
        for (final int f : v.reads().functions()) {
            deps.add("p" + f);
        }
        return new Object[] {v.oid(), v.name(), v.namespaceOid(), "v", 0, v.ownerOid(), deps.toArray(), 0, v.definition()};
    }

    /** The view of relation row {@code r} (see {@link #viewRelRow}); {@code columns}: every relation's attributes. */
    private static ViewDef viewDef(final int oid, final String name, final int nsp, final List<ColumnDef> cols,
                                   final Object[] r, final Map<Integer, List<ColumnDef>> columns) {
        cols.sort((x, y) -> Integer.compare(x.attnum(), y.attnum()));
        final List<Integer> rels = new ArrayList<>();
        final List<Long> read = new ArrayList<>();
        final List<Integer> types = new ArrayList<>();
        final List<Integer> functions = new ArrayList<>();
        for (final Object o : r[6] == null ? new Object[0] : (Object[]) r[6]) {
            final String dep = (String) o;
            final int colon = dep.indexOf(':');
            if (dep.startsWith("t")) {
                types.add(Integer.valueOf(dep.substring(1)));
            } else if (dep.startsWith("p")) {
                functions.add(Integer.valueOf(dep.substring(1)));
            } else if (colon < 0) {
                final int rel = Integer.parseInt(dep);
                rels.add(rel);
                for (final ColumnDef c : columns.getOrDefault(rel, List.of())) {
                    if (!c.dropped()) {
                        read.add(ViewDef.columnKey(rel, c.attnum()));
                    }
                }
            } else {
                final int rel = Integer.parseInt(dep.substring(0, colon));
                rels.add(rel);
                for (final String a : dep.substring(colon + 1).split(",")) {
                    if (!a.isEmpty()) {
                        read.add(ViewDef.columnKey(rel, Integer.parseInt(a)));
                    }
                }
            }
        }
        return new ViewDef(oid, name, nsp, List.copyOf(cols), (String) r[8], new ViewDef.Reads(rels, read, types, functions),
            (Integer) r[5]);
    }

    /** An enum type's relation row: its labels ({@code oid:sortorder:label}) as the options, its array type as rowtype. */
    static Object[] enumRow(final io.stratum.compute.types.EnumType e) {
        return new Object[] {e.oid(), e.name(), e.namespaceOid(), "E", 0, e.ownerOid(),
            e.entries().stream().map(io.stratum.compute.types.EnumType.Entry::encode).toArray(), e.arrayOid(), null};
    }

    /**
     * A SQL function's relation row: its signature as the options ({@code ret=typoid:typmod:setof},
     * {@code vol=v}, {@code strict=0|1}, then per parameter {@code arg=mode:typoid:typmod:name} and, for one with a
     * default, {@code def=index:text}), its body as the definition.
     */
    static Object[] functionRow(final FunctionDef f) {
        final List<String> o = new ArrayList<>();
        o.add("ret=" + f.returnType().oid() + ":" + f.returnTypmod() + ":" + (f.returnsSet() ? 1 : 0));
        o.add("vol=" + f.volatility());
        o.add("strict=" + (f.strict() ? 1 : 0));
        for (int i = 0; i < f.params().size(); i++) {
            final FunctionDef.Param p = f.params().get(i);
            o.add("arg=" + p.mode() + ":" + p.type().oid() + ":" + p.typmod() + ":" + p.name());
            if (p.defaultText() != null) {
                o.add("def=" + i + ":" + p.defaultText());
            }
        }
        return new Object[] {f.oid(), f.name(), f.namespaceOid(), "F", 0, f.ownerOid(), o.toArray(), 0, f.body()};
    }

    private static FunctionDef functionDef(final int oid, final String name, final int nsp, final int owner,
                                           final Object[] opts, final String body) {
        PgType ret = PgType.VOID;
        int retMod = -1;
        boolean set = false;
        char vol = 'v';
        boolean strict = false;
        final List<FunctionDef.Param> params = new ArrayList<>();
        for (final Object x : opts) {
            final String e = (String) x;
            final String v = e.substring(e.indexOf('=') + 1);
            if (e.startsWith("ret=")) {
                final String[] f = v.split(":", 3);
                ret = PgType.byOid(Integer.parseInt(f[0]));
                retMod = Integer.parseInt(f[1]);
                set = f[2].equals("1");
            } else if (e.startsWith("vol=")) {
                vol = v.charAt(0);
            } else if (e.startsWith("strict=")) {
                strict = v.equals("1");
            } else if (e.startsWith("arg=")) {
                final String[] f = v.split(":", 4);
                params.add(new FunctionDef.Param(f[0].charAt(0), f[3], PgType.byOid(Integer.parseInt(f[1])),
                    Integer.parseInt(f[2]), null));
            } else if (e.startsWith("def=")) {
                final int i = Integer.parseInt(v.substring(0, v.indexOf(':')));
                final FunctionDef.Param p = params.get(i);
                params.set(i, new FunctionDef.Param(p.mode(), p.name(), p.type(), p.typmod(), v.substring(v.indexOf(':') + 1)));
            }
        }
        return new FunctionDef(oid, name, nsp, List.copyOf(params), ret, retMod, set, vol, strict, body, owner);
    }

    static Object[] sequenceRow(final SequenceDef s) {
        return new Object[] {s.oid(), s.type().oid(), s.start(), s.increment(), s.min(), s.max(), s.cache(),
            s.cycle(), s.ownedByTable(), (short) s.ownedByColumn()};
    }

    static Object[] constraintRow(final ConstraintDef c) {
        return new Object[] {c.oid(), c.name(), String.valueOf(c.kind().code()), c.tableOid(),
            CatalogRows.shorts(c.keyAttnums()), c.indexOid(), c.checkExpr(),
            c.foreignKey() ? c.refTableOid() : null, c.foreignKey() ? CatalogRows.shorts(c.refAttnums()) : null,
            c.foreignKey() ? String.valueOf(c.onUpdate()) : null, c.foreignKey() ? String.valueOf(c.onDelete()) : null,
            c.foreignKey() ? String.valueOf(c.matchType()) : null};
    }

    static Object[] columnRow(final int relid, final ColumnDef c) {
        return new Object[] {relid, (short) c.attnum(), c.name(), c.type().oid(), c.typmod(), c.notNull(),
            c.defaultExpr(), c.missingValue() == null ? null : encodeMissing(c.type(), c.missingValue()),
            c.isIdentity() ? String.valueOf(c.identity()) : null};
    }

    static byte[] encodeMissing(final PgType type, final Object value) {
        final RowCodec codec = new RowCodec(new PgType[] {type}, null);
        final Object[] row = {value};
        final ExpandableArrayBuffer buf = new ExpandableArrayBuffer(codec.encodedLength(row));
        final int len = codec.encode(row, buf, 0);
        return Arrays.copyOf(buf.byteArray(), len);
    }

    static Object decodeMissing(final PgType type, final byte[] bytes) {
        return new RowCodec(new PgType[] {type}, null).decodeColumn(new UnsafeBuffer(bytes), 0, bytes.length, 0);
    }
}
