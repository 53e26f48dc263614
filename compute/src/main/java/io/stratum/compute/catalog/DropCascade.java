package io.stratum.compute.catalog;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.EnumType;
import io.stratum.compute.types.PgType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a DROP takes with it, found and reported as PostgreSQL's findDependentObjects and reportDependentObjects do:
 * from each object being dropped, in the order given, its dependents are visited depth first (each object's
 * dependents in descending OID order, as pg_depend's are sorted), each placed after its own dependents; the report
 * lists them in the reverse of that order, each with the object it was first reached from. Dependencies followed: a
 * view on the relations it names, the columns it references and the enum types it uses ({@link ViewDef.Reads}); a
 * FOREIGN KEY on the table and columns it references; a column on its enum type; a column default on the sequence
 * its nextval names; tables, views, sequences and types on their schema. A FOREIGN KEY or column of a table the
 * DROP also removes goes with that table, unreported (PostgreSQL's auto and sub-object dependencies), as do
 * indexes, constraints and owned sequences.
 */
final class DropCascade {
    /** PostgreSQL's MAX_REPORTED_DEPS: lines of a DETAIL beyond it are counted, not listed. */
    private static final int MAX_REPORTED = 100;

    /**
     * One object: {@code kind} 'r' table, 'v' view, 'S' sequence, 'E' enum type, 'n' schema (oid its OID);
     * 'c' column and 'd' its default (oid the table, sub the attnum); 'f' FOREIGN KEY (oid the constraint, sub
     * its table).
     */
    record Obj(char kind, int oid, int sub) {
        static Obj of(final char kind, final int oid) {
            return new Obj(kind, oid, 0);
        }
    }

    private final Ddl d;
    private final List<Obj> originals;
    /** Every object reached, dependents before the objects they depend on. */
    private final List<Obj> order = new ArrayList<>();
    private final Map<Obj, Obj> via = new HashMap<>();
    private final Set<Obj> visited = new HashSet<>();

    DropCascade(final Ddl d, final List<Obj> originals) {
        this.d = d;
        this.originals = originals;
        for (final Obj o : originals) {
            visit(o, null);
        }
    }

    private void visit(final Obj o, final Obj from) {
        if (visited.contains(o) || o.kind() == 'c' && visited.contains(Obj.of('r', o.oid()))) {
            return;
        }
        visited.add(o);
        for (final Obj x : dependents(o)) {
            visit(x, o);
        }
        order.add(o);
        via.put(o, from);
    }

    /** The objects depending on {@code o}, in PostgreSQL's visiting order (OID descending, then attnum). */
    private List<Obj> dependents(final Obj o) {
        final List<long[]> keyed = new ArrayList<>();
        final List<Obj> objs = new ArrayList<>();
        final java.util.function.BiConsumer<Long, Obj> add = (key, x) -> {
            // a table's columns by attnum; its defaults (pg_attrdef rows, OIDs in attnum order) the other way
            keyed.add(new long[] {key, x.kind() == 'c' ? x.sub() : x.kind() == 'd' ? -x.sub() : 0, objs.size()});
            objs.add(x);
        };
        for (final ViewDef v : d.b.views.values()) {
            final boolean depends = switch (o.kind()) {
                case 'r', 'v', 'S' -> v.dependsOn().contains(o.oid());
                case 'c' -> v.readsColumn(o.oid(), o.sub());
                case 'E' -> v.reads().types().contains(o.oid());
                case 'p' -> v.reads().functions().contains(o.oid());
                case 'n' -> v.namespaceOid() == o.oid();
                default -> false;
            };
            if (depends && v.oid() != o.oid()) {
                add.accept((long) v.oid(), Obj.of('v', v.oid()));
            }
        }
        if (o.kind() == 'r' || o.kind() == 'c') {
            final TableDef t = d.table(o.oid());
            for (final ConstraintDef c : DdlForeignKeys.referencing(d, t, false)) {
                if (o.kind() == 'r' || DdlColumns.contains(c.refAttnums(), o.sub())) {
                    add.accept((long) c.oid(), new Obj('f', c.oid(), c.tableOid()));
                }
            }
        } else if (o.kind() == 'S') {
            final SequenceDef s = d.b.sequences.get(o.oid());
            for (final TableDef t : d.b.tables.values()) {
                for (final ColumnDef c : t.columns()) {
                    if (usesSequence(c.defaultExpr(), s)) {
                        add.accept((long) t.oid(), new Obj('d', t.oid(), c.attnum()));
                    }
                }
            }
        } else if (o.kind() == 'E') {
            for (final TableDef t : d.b.tables.values()) {
                for (final ColumnDef c : t.columns()) {
                    if (!c.dropped() && (c.type() == PgType.ENUM || c.type() == PgType.ENUM_ARRAY) && c.typmod() == o.oid()) {
                        add.accept((long) t.oid(), new Obj('c', t.oid(), c.attnum()));
                    }
                }
            }
        } else if (o.kind() == 'n') {
            for (final TableDef t : d.b.tables.values()) {
                if (t.namespaceOid() == o.oid()) {
                    add.accept((long) t.oid(), Obj.of('r', t.oid()));
                }
            }
            for (final SequenceDef s : d.b.sequences.values()) {
                if (s.namespaceOid() == o.oid() && s.ownedByTable() == 0) {
                    add.accept((long) s.oid(), Obj.of('S', s.oid()));
                }
            }
            for (final EnumType e : d.b.enums.values()) {
                if (e.namespaceOid() == o.oid()) {
                    add.accept((long) e.oid(), Obj.of('E', e.oid()));
                }
            }
            for (final FunctionDef f : d.b.functions.values()) {
                if (f.namespaceOid() == o.oid()) {
                    add.accept((long) f.oid(), Obj.of('p', f.oid()));
                }
            }
        }
        keyed.sort(Comparator.<long[]>comparingLong(k -> -k[0]).thenComparingLong(k -> k[1]));
        final List<Obj> out = new ArrayList<>(keyed.size());
        for (final long[] k : keyed) {
            out.add(objs.get((int) k[2]));
        }
        return out;
    }

    /** Whether {@code o} goes unreported: given, or a FOREIGN KEY, column or default of a table (column) that goes too. */
    private boolean silent(final Obj o) {
        return originals.contains(o) || (o.kind() == 'f' && visited.contains(Obj.of('r', o.sub())))
            || ((o.kind() == 'c' || o.kind() == 'd') && visited.contains(Obj.of('r', o.oid())))
            || (o.kind() == 'd' && visited.contains(new Obj('c', o.oid(), o.sub())));
    }

    /**
     * Whether a column default {@code expr} calls nextval of {@code s}: {@code nextval('s'::regclass)} (a serial
     * column's), {@code nextval('s')}, {@code nextval('sch.s')} or with quoted names.
     */
    private boolean usesSequence(final String expr, final SequenceDef s) {
        if (expr == null) {
            return false;
        }
        final String lower = expr.toLowerCase(java.util.Locale.ROOT);
        for (int i = lower.indexOf("nextval('"); i >= 0; i = lower.indexOf("nextval('", i + 1)) {
            final int end = expr.indexOf('\'', i + 9);
            if (end < 0) {
                return false;
            }
            final String lit = expr.substring(i + 9, end).strip();
            final int dot = lit.startsWith("\"") ? lit.indexOf("\".", 1) + 1 : lit.indexOf('.');
            final String name = ident(dot > 0 ? lit.substring(dot + 1) : lit);
            if (name.equals(s.name()) && (dot <= 0 || ident(lit.substring(0, dot)).equals(d.b.namespaces.get(s.namespaceOid())
                .name()))) {
                return true;
            }
        }
        return false;
    }

    /** An identifier as written in a regclass literal: unquoted folds to lower case. */
    private static String ident(final String text) {
        return text.length() > 1 && text.startsWith("\"") && text.endsWith("\"")
            ? text.substring(1, text.length() - 1).replace("\"\"", "\"") : text.toLowerCase(java.util.Locale.ROOT);
    }

    /** The objects the DROP takes beyond those given, in PostgreSQL's report order. */
    private List<Obj> reported() {
        final List<Obj> out = new ArrayList<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            if (!silent(order.get(i))) {
                out.add(order.get(i));
            }
        }
        return out;
    }

    /**
     * Without {@code cascade}: 2BP01 when the DROP would take anything beyond what it names (DETAIL: each
     * {@code view v depends on table t}). With it: PostgreSQL's NOTICE added to {@code notices} (message, then
     * the DETAIL after a newline): {@code drop cascades to view v}, or {@code drop cascades to N other objects}.
     */
    void check(final boolean cascade, final List<String> notices) {
        final List<Obj> more = reported();
        if (more.isEmpty()) {
            return;
        }
        final StringBuilder detail = new StringBuilder();
        int listed = 0;
        for (final Obj o : more) {
            if (listed++ == MAX_REPORTED) {
                break;
            }
            detail.append(detail.length() > 0 ? "\n" : "").append(cascade ? "drop cascades to " + describe(o)
                : describe(o) + " depends on " + describe(via.get(o)));
        }
        if (more.size() > MAX_REPORTED) {
            final int n = more.size() - MAX_REPORTED;
            detail.append("\nand ").append(n).append(n == 1 ? " other object" : " other objects")
                .append(" (see server log for list)");
        }
        if (!cascade) {
            throw new SqlException("2BP01", originals.size() == 1
                ? "cannot drop " + describe(originals.get(0)) + " because other objects depend on it"
                : "cannot drop desired object(s) because other objects depend on them", detail.toString(),
                "Use DROP ... CASCADE to drop the dependent objects too.", 0, null);
        }
        notices.add(more.size() == 1 ? detail.toString() : "drop cascades to " + more.size() + " other objects\n" + detail);
    }

    /** Removes every object reached, dependents first; the given ones too unless {@code keepGiven}. */
    void execute(final boolean keepGiven) {
        for (final Obj o : order) {
            if (originals.contains(o) ? keepGiven : silent(o)) {
                continue; // the caller removes what it was given; a silent one goes with its table
            }
            switch (o.kind()) {
                case 'v' -> DdlViews.delete(d, d.b.views.get(o.oid()));
                case 'f' -> {
                    for (final ConstraintDef c : d.table(o.sub()).constraints()) {
                        if (c.oid() == o.oid()) {
                            DdlForeignKeys.removeConstraint(d, c);
                        }
                    }
                }
                case 'c' -> {
                    final TableDef t = d.table(o.oid());
                    DdlColumns.dropColumn(d, t, t.columns().get(o.sub() - 1).name(), false, true, new ArrayList<>());
                }
                case 'd' -> {
                    final TableDef t = d.table(o.oid());
                    DdlColumns.setDefault(d, t, t.columns().get(o.sub() - 1).name(), null);
                }
                case 'r' -> DdlTables.drop(d, d.table(o.oid()));
                case 'S' -> {
                    final SequenceDef s = d.b.sequences.get(o.oid());
                    if (s != null) {
                        DdlObjects.deleteSequence(d, s);
                    }
                }
                case 'E' -> {
                    d.io.delete(d.tx, CatalogRows.RELATIONS, d.b.relTid.remove(o.oid()));
                    d.b.enums.remove(o.oid());
                }
                case 'p' -> {
                    d.io.delete(d.tx, CatalogRows.RELATIONS, d.b.relTid.remove(o.oid()));
                    d.b.functions.remove(o.oid());
                }
                case 'n' -> {
                    d.io.delete(d.tx, CatalogRows.NAMESPACES, d.b.nspTid.remove(o.oid()));
                    d.b.namespaces.remove(o.oid());
                }
                default -> throw new IllegalStateException("object kind " + o.kind());
            }
        }
    }

    /** PostgreSQL's getObjectDescription: {@code table t}, {@code view s.v}, {@code column c of table t}, ... */
    private String describe(final Obj o) {
        switch (o.kind()) {
            case 'r': {
                final TableDef t = d.table(o.oid());
                return "table " + qualified(d, t.namespaceOid(), t.name());
            }
            case 'v': {
                final ViewDef v = d.b.views.get(o.oid());
                return "view " + qualified(d, v.namespaceOid(), v.name());
            }
            case 'S': {
                final SequenceDef s = d.b.sequences.get(o.oid());
                return "sequence " + qualified(d, s.namespaceOid(), s.name());
            }
            case 'E': {
                final EnumType e = d.b.enums.get(o.oid());
                return "type " + qualified(d, e.namespaceOid(), e.name());
            }
            case 'n':
                return "schema " + d.b.namespaces.get(o.oid()).name();
            case 'p': {
                final FunctionDef f = d.b.functions.get(o.oid());
                return "function " + qualified(d, f.namespaceOid(), FunctionDdl.signature(f));
            }
            case 'd': {
                final TableDef t = d.table(o.oid());
                return "default value for column " + t.columns().get(o.sub() - 1).name() + " of table "
                    + qualified(d, t.namespaceOid(), t.name());
            }
            case 'c': {
                final TableDef t = d.table(o.oid());
                return "column " + t.columns().get(o.sub() - 1).name() + " of table " + qualified(d, t.namespaceOid(), t.name());
            }
            default: {
                final TableDef t = d.table(o.sub());
                final String name = t.constraints().stream().filter(c -> c.oid() == o.oid()).findFirst()
                    .map(ConstraintDef::name).orElse("?");
                return "constraint " + name + " on table " + qualified(d, t.namespaceOid(), t.name());
            }
        }
    }

    /** An object's name as PostgreSQL's messages give it: qualified outside the default search path. */
    static String qualified(final Ddl d, final int nsp, final String name) {
        return nsp == NamespaceDef.PUBLIC || nsp == NamespaceDef.PG_CATALOG ? name : d.b.namespaces.get(nsp).name() + "." + name;
    }

    /** The keyword of DROP for relation kind {@code kind}. */
    static String command(final char kind) {
        return kind == 'r' ? "TABLE" : kind == 'v' ? "VIEW" : "SEQUENCE";
    }

    /**
     * DROP TABLE / VIEW / SEQUENCE of {@code names} as one deletion: each name resolved first (42P01, or a
     * skipping NOTICE with {@code ifExists}; 42809 for another kind of relation), then {@link #check} and
     * {@link #execute}.
     *
     * @return whether anything was dropped
     */
    static boolean dropRelations(final Ddl d, final CatalogContext ctx, final char kind, final List<String[]> names,
                                 final boolean ifExists, final boolean cascade, final List<String> notices) {
        final List<Obj> given = new ArrayList<>();
        final String word = command(kind).toLowerCase(java.util.Locale.ROOT);
        for (final String[] n : names) {
            final Relation r = d.view().resolve(ctx, n[0], n[1]);
            if (r == null) {
                if (!ifExists) {
                    throw new SqlException("42P01", word + " \"" + CatalogSnapshot.qualified(n[0], n[1]) + "\" does not exist");
                }
                notices.add(word + " \"" + n[1] + "\" does not exist, skipping");
                continue;
            }
            checkKind(d, kind, r, n[1]);
            final Obj o = Obj.of(kind, r.oid());
            if (!given.contains(o)) {
                given.add(o);
            }
        }
        if (given.isEmpty()) {
            return false;
        }
        final DropCascade c = new DropCascade(d, Collections.unmodifiableList(given));
        c.check(cascade, notices);
        c.execute(false);
        return true;
    }

    /**
     * DROP SCHEMA ({@code kind} 'n'), DROP TYPE ('E') or DROP FUNCTION ('p') of {@code oids} as one deletion ({@link #check}, then
     * {@link #execute}); 2BP01 for pg_catalog, information_schema and pg_toast.
     */
    static void dropObjects(final Ddl d, final char kind, final List<Integer> oids, final boolean cascade,
                            final List<String> notices) {
        final List<Obj> given = new ArrayList<>();
        for (final int oid : oids) {
            if (kind == 'n' && (oid == NamespaceDef.PG_CATALOG || oid == NamespaceDef.INFORMATION_SCHEMA
                || oid == NamespaceDef.PG_TOAST)) {
                throw new SqlException("2BP01", "cannot drop schema " + d.b.namespaces.get(oid).name()
                    + " because it is required by the database system");
            }
            if (!given.contains(Obj.of(kind, oid))) {
                given.add(Obj.of(kind, oid));
            }
        }
        final DropCascade c = new DropCascade(d, Collections.unmodifiableList(given));
        c.check(cascade, notices);
        c.execute(false);
    }

    private static void checkKind(final Ddl d, final char kind, final Relation r, final String name) {
        if (!(kind == 'r' ? r instanceof TableDef : kind == 'v' ? r instanceof ViewDef : r instanceof SequenceDef)) {
            throw new SqlException("42809", "\"" + name + "\" is not a " + command(kind).toLowerCase(java.util.Locale.ROOT), null,
                kind == 'r' ? "Use DROP " + kindWord(r) + " to remove " + (r.kind() == 'i' ? "an " : "a ")
                    + kindWord(r).toLowerCase(java.util.Locale.ROOT) + "."
                    : kind == 'v' && r.kind() == 'r' ? "Use DROP TABLE to remove a table." : null, 0, null);
        }
        if (kind == 'r' && (r.namespaceOid() == NamespaceDef.PG_CATALOG || r.namespaceOid() == NamespaceDef.INFORMATION_SCHEMA)) {
            throw new SqlException("42501", "permission denied: \"" + name + "\" is a system catalog");
        }
    }

    private static String kindWord(final Relation r) {
        return r.kind() == 'i' ? "INDEX" : r.kind() == 'S' ? "SEQUENCE" : "VIEW";
    }
}
