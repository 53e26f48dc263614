package io.stratum.cluster;

import io.stratum.compute.catalog.CatalogSnapshot;
import io.stratum.compute.catalog.ColumnDef;
import io.stratum.compute.catalog.ConstraintDef;
import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.catalog.pg.CatalogFunctions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The schema changes between two catalogs (tables, columns, constraints, indexes) and the DDL that turns
 * the first into the second, ordered so that it applies: indexes and constraints that go or change are
 * dropped first, then tables that go; new tables are created with their columns and constraints; columns
 * of kept tables are dropped, added and altered (type, default, NOT NULL); then constraints and indexes
 * are added. A column is the same on both sides when its name and attribute number agree (a column
 * dropped and added again after the fork has a new number): so the DDL leaves columns in the second
 * catalog's order. Threads: none.
 */
final class SchemaDiff {
    /** One change, for humans: {@code kind} (create table, drop column ...), the object, a detail. */
    record Change(String kind, String table, String detail) {
        @Override
        public String toString() {
            return kind + " " + table + (detail == null ? "" : " " + detail);
        }
    }

    final List<Change> changes = new ArrayList<>();
    final List<String> sql = new ArrayList<>();

    /** Tables whose definition differs (created, dropped or altered), by qualified name. */
    final java.util.Set<String> changedTables = new java.util.LinkedHashSet<>();

    static SchemaDiff of(final CatalogSnapshot ca, final Map<String, TableDef> a, final CatalogSnapshot cb,
                         final Map<String, TableDef> b) {
        final SchemaDiff d = new SchemaDiff();
        final List<String> drops = new ArrayList<>();
        final List<String> dropTables = new ArrayList<>();
        final List<String> creates = new ArrayList<>();
        final List<String> alters = new ArrayList<>();
        final List<String> adds = new ArrayList<>();
        for (final Map.Entry<String, TableDef> e : a.entrySet()) {
            if (!b.containsKey(e.getKey())) {
                d.changes.add(new Change("drop table", e.getKey(), null));
                d.changedTables.add(e.getKey());
                dropTables.add("DROP TABLE " + qname(e.getKey()));
            }
        }
        for (final Map.Entry<String, TableDef> e : b.entrySet()) {
            final String name = e.getKey();
            final TableDef tb = e.getValue();
            final TableDef ta = a.get(name);
            if (ta == null) {
                d.changes.add(new Change("create table", name, null));
                d.changedTables.add(name);
                creates.add(createTable(cb, name, tb));
                for (final ConstraintDef k : tb.constraints()) {
                    if (k.foreignKey()) {
                        // after every CREATE TABLE: the referenced table may be created later
                        adds.add("ALTER TABLE " + qname(name) + " ADD CONSTRAINT " + ident(k.name()) + " "
                            + CatalogFunctions.pgGetConstraintdef(cb, k.oid(), false));
                    }
                }
                for (final Map.Entry<String, String> i : indexes(cb, tb).entrySet()) {
                    adds.add(i.getValue());
                }
                continue;
            }
            final int before = d.changes.size();
            d.columns(name, ta, tb, alters);
            final Map<String, String> consA = constraints(ca, ta);
            final Map<String, String> consB = constraints(cb, tb);
            for (final Map.Entry<String, String> c : consA.entrySet()) {
                if (!c.getValue().equals(consB.get(c.getKey()))) {
                    d.changes.add(new Change("drop constraint", name, c.getKey() + " " + c.getValue()));
                    drops.add("ALTER TABLE " + qname(name) + " DROP CONSTRAINT " + ident(c.getKey()));
                }
            }
            for (final Map.Entry<String, String> c : consB.entrySet()) {
                if (!c.getValue().equals(consA.get(c.getKey()))) {
                    d.changes.add(new Change("add constraint", name, c.getKey() + " " + c.getValue()));
                    adds.add("ALTER TABLE " + qname(name) + " ADD CONSTRAINT " + ident(c.getKey()) + " " + c.getValue());
                }
            }
            final Map<String, String> idxA = indexes(ca, ta);
            final Map<String, String> idxB = indexes(cb, tb);
            for (final Map.Entry<String, String> i : idxA.entrySet()) {
                if (!i.getValue().equals(idxB.get(i.getKey()))) {
                    d.changes.add(new Change("drop index", name, i.getKey()));
                    drops.add("DROP INDEX " + qname(schemaOf(name) + "." + i.getKey()));
                }
            }
            for (final Map.Entry<String, String> i : idxB.entrySet()) {
                if (!i.getValue().equals(idxA.get(i.getKey()))) {
                    d.changes.add(new Change("create index", name, i.getValue()));
                    adds.add(i.getValue());
                }
            }
            if (d.changes.size() > before) {
                d.changedTables.add(name);
            }
        }
        d.sql.addAll(drops);
        d.sql.addAll(dropTables);
        d.sql.addAll(creates);
        d.sql.addAll(alters);
        d.sql.addAll(adds);
        return d;
    }

    private void columns(final String name, final TableDef ta, final TableDef tb, final List<String> alters) {
        final String t = "ALTER TABLE " + qname(name) + " ";
        for (final ColumnDef c : ta.columns()) {
            if (!c.dropped() && same(tb, c) == null) {
                changes.add(new Change("drop column", name, c.name()));
                alters.add(t + "DROP COLUMN " + ident(c.name()));
            }
        }
        for (final ColumnDef cb : tb.columns()) {
            if (cb.dropped()) {
                continue;
            }
            final ColumnDef ca = same(ta, cb);
            if (ca == null) {
                changes.add(new Change("add column", name, cb.name() + " " + type(cb)));
                alters.add(t + "ADD COLUMN " + columnDef(cb));
                continue;
            }
            final String col = t + "ALTER COLUMN " + ident(cb.name()) + " ";
            if (!type(ca).equals(type(cb))) {
                changes.add(new Change("alter column type", name, cb.name() + " " + type(ca) + " -> " + type(cb)));
                alters.add(col + "TYPE " + type(cb));
            }
            if (!Objects.equals(ca.defaultExpr(), cb.defaultExpr())) {
                changes.add(new Change("alter column default", name, cb.name() + " " + cb.defaultExpr()));
                alters.add(col + (cb.defaultExpr() == null ? "DROP DEFAULT" : "SET DEFAULT " + cb.defaultExpr()));
            }
            if (ca.notNull() != cb.notNull()) {
                changes.add(new Change("alter column not null", name, cb.name() + " " + cb.notNull()));
                alters.add(col + (cb.notNull() ? "SET NOT NULL" : "DROP NOT NULL"));
            }
        }
    }

    /** The column of {@code t} with the name and attribute number of {@code c}, or null. */
    private static ColumnDef same(final TableDef t, final ColumnDef c) {
        for (final ColumnDef x : t.columns()) {
            if (x.name().equals(c.name()) && x.attnum() == c.attnum()) {
                return x;
            }
        }
        return null;
    }

    /** Whether the two definitions have the same columns (names, numbers, types, defaults, NOT NULL). */
    static boolean sameColumns(final TableDef a, final TableDef b) {
        if (a.columns().size() != b.columns().size()) {
            return false;
        }
        for (int i = 0; i < a.columns().size(); i++) {
            final ColumnDef x = a.columns().get(i);
            final ColumnDef y = b.columns().get(i);
            if (!x.name().equals(y.name()) || x.attnum() != y.attnum() || !type(x).equals(type(y))
                || !Objects.equals(x.defaultExpr(), y.defaultExpr()) || x.notNull() != y.notNull()
                || !Objects.equals(x.missingValue(), y.missingValue())) {
                return false;
            }
        }
        return true;
    }

    private static String createTable(final CatalogSnapshot c, final String name, final TableDef t) {
        final List<String> parts = new ArrayList<>();
        for (final ColumnDef col : t.columns()) {
            if (!col.dropped()) {
                parts.add(columnDef(col));
            }
        }
        for (final Map.Entry<String, String> e : constraints(c, t).entrySet()) {
            if (e.getValue().startsWith("FOREIGN KEY")) {
                continue;
            }
            parts.add("CONSTRAINT " + ident(e.getKey()) + " " + e.getValue());
        }
        return "CREATE TABLE " + qname(name) + " (" + String.join(", ", parts) + ")";
    }

    private static String columnDef(final ColumnDef c) {
        return ident(c.name()) + " " + type(c) + (c.defaultExpr() == null ? "" : " DEFAULT " + c.defaultExpr())
            + (c.notNull() ? " NOT NULL" : "");
    }

    static String type(final ColumnDef c) {
        return CatalogFunctions.formatType(null, (long) c.type().oid(), c.typmod());
    }

    /** Constraints by name: their definition ({@code PRIMARY KEY (id)}). */
    private static Map<String, String> constraints(final CatalogSnapshot c, final TableDef t) {
        final Map<String, String> out = new LinkedHashMap<>();
        for (final ConstraintDef k : t.constraints()) {
            out.put(k.name(), CatalogFunctions.pgGetConstraintdef(c, k.oid(), false));
        }
        return out;
    }

    /** Indexes that do not belong to a constraint, by name: their {@code CREATE INDEX} statement. */
    private static Map<String, String> indexes(final CatalogSnapshot c, final TableDef t) {
        final Map<String, String> out = new LinkedHashMap<>();
        for (final IndexDef i : t.indexes()) {
            if (c.constraintOfIndex(i.oid()) == null) {
                out.put(i.name(), CatalogFunctions.pgGetIndexdef(c, i.oid(), 0, false));
            }
        }
        return out;
    }

    private static String schemaOf(final String qualified) {
        return qualified.substring(0, qualified.indexOf('.'));
    }

    /** {@code public.orders} as SQL: each part quoted when it needs to be. */
    static String qname(final String qualified) {
        final int dot = qualified.indexOf('.');
        return ident(qualified.substring(0, dot)) + "." + ident(qualified.substring(dot + 1));
    }

    static String ident(final String s) {
        if (s.matches("[a-z_][a-z0-9_]*") && !RESERVED.contains(s)) {
            return s;
        }
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static final java.util.Set<String> RESERVED = java.util.Set.of("all", "and", "any", "as", "asc", "both",
        "case", "check", "column", "constraint", "create", "default", "desc", "distinct", "do", "else", "end",
        "except", "false", "for", "foreign", "from", "grant", "group", "having", "in", "into", "is", "join",
        "key", "limit", "not", "null", "offset", "on", "or", "order", "primary", "references", "select", "table",
        "then", "to", "true", "union", "unique", "user", "using", "when", "where", "with");
}
