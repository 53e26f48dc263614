package io.stratum.cluster;

import io.stratum.compute.catalog.ColumnDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A three-way merge of branch SOURCE ("theirs") into PARENT ("ours") since their fork ("base"), by primary
 * key and cell by cell as Doltgres merges: a cell changed on one side only takes that side's value; a cell
 * changed on both sides to different values is a conflict (as is a row deleted on one side and changed on
 * the other, or inserted on both with different values), reported with table, key, base, ours and theirs,
 * and resolved only when the caller picks a side. SOURCE's schema changes are applied first; a table whose
 * schema both sides changed differently, and a table without a primary key whose rows SOURCE changed, are
 * refused. When PARENT changed nothing since the fork the merge is a fast-forward: SOURCE's changes apply
 * without conflict checks. The plan is SQL (DDL, then per table DELETE, UPDATE, INSERT by primary key) that
 * the caller runs in one transaction on PARENT. Reads what either side changed since the fork
 * ({@link BranchFork}), at the three points. Threads: none.
 */
final class BranchMerge {
    /** How a conflict is resolved: not at all (refuse), PARENT's value, SOURCE's value. */
    enum Resolve { NONE, OURS, THEIRS }

    /** One conflicting cell; {@code column} is {@code *} for a whole row (deleted on one side). Texts may be null. */
    record Conflict(String table, String key, String column, String base, String ours, String theirs) {
    }

    /** The plan: fast-forward or not, the statements, the conflicts, counts of rows changed on PARENT. */
    record Plan(boolean fastForward, List<String> sql, List<Conflict> conflicts, int inserted, int updated,
                int deleted, List<String> schemaChanges) {
    }

    /** The "absent" value of a column a side does not have. */
    private static final Object ABSENT = new Object();

    private final List<String> sql = new ArrayList<>();
    private final List<Conflict> conflicts = new ArrayList<>();
    private final Resolve resolve;
    private int inserted;
    private int updated;
    private int deleted;

    private BranchMerge(final Resolve resolve) {
        this.resolve = resolve;
    }

    static Plan plan(final BranchView base, final BranchView ours, final BranchView theirs, final BranchFork fork,
                     final Resolve resolve) {
        final Map<Integer, long[]> oursChanged = BranchFork.changedPages(fork.sideA);
        final Map<Integer, long[]> theirsChanged = BranchFork.changedPages(fork.sideB);
        final boolean ff = oursChanged.isEmpty() && !fork.readAll();
        final Map<String, TableDef> tb = base.tables();
        final Map<String, TableDef> to = ours.tables();
        final Map<String, TableDef> tt = theirs.tables();
        final SchemaDiff theirsSchema = SchemaDiff.of(base.catalog(), tb, theirs.catalog(), tt);
        if (!ff) {
            final SchemaDiff oursSchema = SchemaDiff.of(base.catalog(), tb, ours.catalog(), to);
            for (final String t : theirsSchema.changedTables) {
                if (oursSchema.changedTables.contains(t)
                    && !SchemaDiff.of(ours.catalog(), only(to, t), theirs.catalog(), only(tt, t)).changes.isEmpty()) {
                    throw StratumException.of(ErrorCode.CONFLICT, "both branches changed the schema of a table, "
                        + "differently: merge refused, nothing changed", "table", BranchDiff.display(t));
                }
            }
        }
        // SOURCE's schema changes, as DDL against PARENT: only the tables SOURCE changed
        final Map<String, TableDef> oursPart = new LinkedHashMap<>();
        final Map<String, TableDef> theirsPart = new LinkedHashMap<>();
        for (final String t : theirsSchema.changedTables) {
            if (to.containsKey(t)) {
                oursPart.put(t, to.get(t));
            }
            if (tt.containsKey(t)) {
                theirsPart.put(t, tt.get(t));
            }
        }
        final SchemaDiff ddl = SchemaDiff.of(ours.catalog(), oursPart, theirs.catalog(), theirsPart);
        final BranchMerge m = new BranchMerge(ff ? Resolve.THEIRS : resolve);
        m.sql.addAll(ddl.sql);
        final Map<Integer, long[]> both = BranchFork.union(oursChanged, theirsChanged);
        final Set<String> names = new LinkedHashSet<>(tt.keySet());
        for (final String name : names) {
            final TableDef b = tb.get(name);
            final TableDef o = to.get(name);
            final TableDef t = tt.get(name);
            final boolean full = fork.readAll() || b == null || o == null || b.relfilenode() != t.relfilenode()
                || o.relfilenode() != t.relfilenode() || !SchemaDiff.sameColumns(b, t) || !SchemaDiff.sameColumns(o, t);
            if (!full && theirsChanged.get(t.relfilenode()) == null) {
                continue; // SOURCE changed no row of it
            }
            final List<Object[]> rb;
            final List<Object[]> ro;
            final List<Object[]> rt;
            if (full) {
                rb = b == null ? List.of() : base.allRows(b);
                ro = o == null ? List.of() : ours.allRows(o);
                rt = theirs.allRows(t);
            } else {
                final long[] keys = both.get(t.relfilenode());
                // the same bytes at the same TID at all three points: a row nobody changed, not decoded
                final List<List<byte[]>> x = BranchView.differing(new BranchView[] {base, ours, theirs},
                    new TableDef[] {b, o, t}, keys, keys.length / 2);
                rb = BranchView.decode(b, x.get(0));
                ro = BranchView.decode(o, x.get(1));
                rt = BranchView.decode(t, x.get(2));
            }
            m.table(name, b, rb, o, ro, t, rt);
        }
        if (!m.conflicts.isEmpty() && m.resolve == Resolve.NONE) {
            m.sql.clear();
        }
        final List<String> schema = new ArrayList<>();
        for (final SchemaDiff.Change c : ddl.changes) {
            schema.add(c.toString());
        }
        return new Plan(ff, List.copyOf(m.sql), List.copyOf(m.conflicts), m.inserted, m.updated, m.deleted, schema);
    }

    private static Map<String, TableDef> only(final Map<String, TableDef> m, final String name) {
        return m.containsKey(name) ? Map.of(name, m.get(name)) : Map.of();
    }

    private void table(final String name, final TableDef b, final List<Object[]> rb, final TableDef o,
                       final List<Object[]> ro, final TableDef t, final List<Object[]> rt) {
        final int[] pk = BranchDiff.primaryKeyOf(t);
        final TreeMap<String, Object[]> mt = byKey(t, rt);
        final TreeMap<String, Object[]> mb = byKey(b, rb);
        final TreeMap<String, Object[]> mo = byKey(o, ro);
        if (pk == null) {
            final BranchDiff.TableChange c = BranchDiff.compare(name, b, rb, t, rt, false, true, 0);
            if (c.added() + c.modified() + c.removed() > 0) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "a table without a primary key cannot be "
                    + "merged row by row: merge refused, nothing changed", "table", BranchDiff.display(name));
            }
            return;
        }
        final List<String> cols = new ArrayList<>();
        for (final ColumnDef c : t.columns()) {
            cols.add(c.name());
        }
        final List<String> deletes = new ArrayList<>();
        final List<String> updates = new ArrayList<>();
        final List<String> inserts = new ArrayList<>();
        final Set<String> keys = new TreeSet<>(mb.keySet());
        keys.addAll(mo.keySet());
        keys.addAll(mt.keySet());
        for (final String k : keys) {
            final Object[] xb = mb.get(k);
            final Object[] xo = mo.get(k);
            final Object[] xt = mt.get(k);
            if (same(cols, b, xb, t, xt) || same(cols, o, xo, t, xt)) {
                continue; // SOURCE did not change it, or both made it the same
            }
            if (same(cols, b, xb, o, xo)) { // PARENT did not change it: SOURCE's version
                apply(name, t, o, xo, xt, deletes, updates, inserts);
                continue;
            }
            if (xo == null || xt == null) {
                conflicts.add(new Conflict(BranchDiff.display(name), keyText(t, xt != null ? xt : xo, xt != null ? t : o), "*",
                    xb == null ? null : "(row)", xo == null ? "(deleted)" : "(row)", xt == null ? "(deleted)" : "(row)"));
                if (resolve == Resolve.THEIRS) {
                    apply(name, t, o, xo, xt, deletes, updates, inserts);
                }
                continue;
            }
            // changed on both sides: cell by cell
            final Object[] merged = new Object[cols.size()];
            boolean conflict = false;
            for (int i = 0; i < cols.size(); i++) {
                final String c = cols.get(i);
                final Object vb = xb == null ? ABSENT : get(b, xb, c); // inserted on both sides: no base value
                final Object vo = get(o, xo, c);
                final Object vt = xt[i];
                if (eq(vt, vb) || eq(vo, vt)) {
                    merged[i] = vo == ABSENT ? vt : vo;
                } else if (eq(vo, vb)) {
                    merged[i] = vt;
                } else {
                    conflict = true;
                    final ColumnDef cd = t.columns().get(i);
                    conflicts.add(new Conflict(BranchDiff.display(name), keyText(t, xt, t), c, txt(cd, vb), txt(cd, vo),
                        txt(cd, vt)));
                    merged[i] = resolve == Resolve.THEIRS ? vt : vo;
                }
            }
            if (!conflict || resolve != Resolve.NONE) {
                apply(name, t, o, xo, merged, deletes, updates, inserts);
            }
        }
        sql.addAll(deletes);
        sql.addAll(updates);
        sql.addAll(inserts);
    }

    /** Makes PARENT's row {@code xo} (of {@code o}) read as {@code want} (of {@code t}'s columns; null: gone). */
    private void apply(final String name, final TableDef t, final TableDef o, final Object[] xo, final Object[] want,
                       final List<String> deletes, final List<String> updates, final List<String> inserts) {
        final String q = SchemaDiff.qname(name);
        if (want == null) {
            if (xo != null) {
                deletes.add("DELETE FROM " + q + " WHERE " + where(t, xo, o));
                deleted++;
            }
            return;
        }
        if (xo == null) {
            final List<String> c = new ArrayList<>();
            final List<String> v = new ArrayList<>();
            for (int i = 0; i < t.columns().size(); i++) {
                c.add(SchemaDiff.ident(t.columns().get(i).name()));
                v.add(literal(t.columns().get(i), want[i]));
            }
            inserts.add("INSERT INTO " + q + " (" + String.join(", ", c) + ") VALUES (" + String.join(", ", v) + ")");
            inserted++;
            return;
        }
        final List<String> set = new ArrayList<>();
        for (int i = 0; i < t.columns().size(); i++) {
            final ColumnDef cd = t.columns().get(i);
            final Object cur = get(o, xo, cd.name());
            if (cur == ABSENT || !BranchDiff.sameValue(cur, want[i])) {
                set.add(SchemaDiff.ident(cd.name()) + " = " + literal(cd, want[i]));
            }
        }
        if (!set.isEmpty()) {
            updates.add("UPDATE " + q + " SET " + String.join(", ", set) + " WHERE " + where(t, xo, o));
            updated++;
        }
    }

    /** {@code id = 1 AND ...}: PARENT's row by the primary key columns of {@code t}. */
    private static String where(final TableDef t, final Object[] xo, final TableDef o) {
        final List<String> w = new ArrayList<>();
        for (final int p : BranchDiff.primaryKeyOf(t)) {
            final ColumnDef cd = t.columns().get(p);
            w.add(SchemaDiff.ident(cd.name()) + " = " + literal(cd, get(o, xo, cd.name())));
        }
        return String.join(" AND ", w);
    }

    private static String keyText(final TableDef t, final Object[] row, final TableDef rowDef) {
        final List<String> k = new ArrayList<>();
        for (final int p : BranchDiff.primaryKeyOf(t)) {
            final ColumnDef cd = t.columns().get(p);
            final Object v = row == null ? null : get(rowDef == null ? t : rowDef, row, cd.name());
            k.add(cd.name() + "=" + (v == ABSENT ? row[p] : BranchDiff.text(cd, v)));
        }
        return String.join(",", k);
    }

    static String literal(final ColumnDef c, final Object v) {
        if (v == null || v == ABSENT) {
            return "NULL";
        }
        return "'" + BranchDiff.text(c, v).replace("'", "''") + "'::" + SchemaDiff.type(c);
    }

    private static String txt(final ColumnDef c, final Object v) {
        return v == null || v == ABSENT ? null : BranchDiff.text(c, v);
    }

    private static Object get(final TableDef t, final Object[] row, final String column) {
        if (row == null) {
            return null;
        }
        final int i = t == null ? -1 : t.columnIndex(column);
        return i < 0 ? ABSENT : row[i];
    }

    private static boolean eq(final Object x, final Object y) {
        if (x == ABSENT || y == ABSENT) {
            return x == y;
        }
        return BranchDiff.sameValue(x, y);
    }

    /** Whether row {@code x} of {@code a} and row {@code y} of {@code b} are the same (both absent counts). */
    private static boolean same(final List<String> cols, final TableDef a, final Object[] x, final TableDef b,
                                final Object[] y) {
        if (x == null || y == null) {
            return x == null && y == null;
        }
        for (final String c : cols) {
            final Object vx = get(a, x, c);
            final Object vy = get(b, y, c);
            if (vx == ABSENT || vy == ABSENT) {
                continue; // a column one side lacks: judged by the cells the sides share
            }
            if (!BranchDiff.sameValue(vx, vy)) {
                return false;
            }
        }
        return true;
    }

    /** Rows by the text of their primary key (positions by name in {@code t}). */
    private static TreeMap<String, Object[]> byKey(final TableDef t, final List<Object[]> rows) {
        final TreeMap<String, Object[]> out = new TreeMap<>();
        final int[] pk = BranchDiff.primaryKeyOf(t);
        if (t == null || pk == null) {
            return out;
        }
        for (final Object[] r : rows) {
            final StringBuilder k = new StringBuilder();
            for (final int p : pk) {
                k.append(BranchDiff.text(t.columns().get(p), r[p])).append('\u0000');
            }
            out.put(k.toString(), r);
        }
        return out;
    }
}
