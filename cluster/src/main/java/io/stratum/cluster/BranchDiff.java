package io.stratum.cluster;

import io.stratum.compute.catalog.ColumnDef;
import io.stratum.compute.catalog.IndexDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.types.PgType;
import io.stratum.engine.http.Json;
import io.stratum.wal.Lsn;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What differs between two branch heads A and B, as Doltgres' two-revision {@code dolt_diff(A, B, table)}
 * answers it: per table the rows {@code added} (in B, not in A), {@code modified} (same primary key,
 * another value in a column) and {@code removed}, each with its {@code from} (A) and {@code to} (B) values;
 * rows are identified by primary key, a changed key is a removal and an addition, and a table without a
 * primary key is keyed by the whole row (a multiset). Plus the schema changes and the DDL turning A's
 * schema into B's ({@link SchemaDiff}).
 *
 * <p>Only what changed since the fork is read: the heap pages either side changed above it
 * ({@link BranchFork#changedPages}), decoded at both heads; everything else is the same on both sides. A
 * table whose definition or relation differs (created, dropped, truncated, a column added, dropped or
 * altered) is read whole on both sides, since its rows may read differently without a changed page.
 * Threads: none.
 */
final class BranchDiff {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BranchDiff.class);
    /** Largest number of rows a diff lists (counts stay exact past it). */
    static final int MAX_ROWS = 100_000;

    /** One changed row: {@code added}, {@code modified} or {@code removed}; the A and B values (null when absent). */
    record RowChange(String type, Object[] from, Object[] to) {
    }

    /** One table's changes. {@code fromColumns}/{@code toColumns}: A's and B's columns (null when absent). */
    record TableChange(String table, TableDef from, TableDef to, int added, int modified, int removed,
                       List<RowChange> rows, boolean fullRead, int pagesRead) {
    }

    record Result(String a, String b, long headA, long headB, long forkLsn, SchemaDiff schema,
                  List<TableChange> tables) {
    }

    private BranchDiff() {
    }

    /** The diff; {@code readAll} reads every table whole (as a table whose definition differs is read). */
    static Result of(final String nameA, final BranchView a, final String nameB, final BranchView b,
                     final BranchFork fork, final boolean wantRows, final boolean readAll) {
        final long t0 = System.nanoTime();
        final Map<Integer, long[]> changed = BranchFork.union(BranchFork.changedPages(fork.sideA),
            BranchFork.changedPages(fork.sideB));
        final long t1 = System.nanoTime();
        final Map<String, TableDef> ta = a.tables();
        final Map<String, TableDef> tb = b.tables();
        final SchemaDiff schema = SchemaDiff.of(a.catalog(), ta, b.catalog(), tb);
        if (LOG.isDebugEnabled()) {
            LOG.debug("diff: changed pages {} us, schema {} us", (t1 - t0) / 1000, (System.nanoTime() - t1) / 1000);
        }
        final Set<String> names = new LinkedHashSet<>(ta.keySet());
        names.addAll(tb.keySet());
        final List<TableChange> out = new ArrayList<>();
        for (final String name : names) {
            final TableChange c = table(name, a, ta.get(name), b, tb.get(name), changed, wantRows,
                readAll || fork.readAll());
            if (c != null) {
                out.add(c);
            }
        }
        return new Result(nameA, nameB, a.lsn(), b.lsn(), fork.forkLsn, schema, out);
    }

    private static TableChange table(final String name, final BranchView va, final TableDef a, final BranchView vb,
                                     final TableDef b, final Map<Integer, long[]> changed, final boolean wantRows,
                                     final boolean readAll) {
        final boolean full = readAll || a == null || b == null || a.relfilenode() != b.relfilenode()
            || !SchemaDiff.sameColumns(a, b);
        final List<Object[]> rowsA;
        final List<Object[]> rowsB;
        int pages = 0;
        if (full) {
            rowsA = a == null ? List.of() : va.allRows(a);
            rowsB = b == null ? List.of() : vb.allRows(b);
        } else {
            final long[] keys = changed.get(a.relfilenode());
            if (keys == null) {
                return null;
            }
            pages = keys.length / 2;
            // the same bytes at the same TID on both heads: the same row version, no need to decode it
            final long t0 = System.nanoTime();
            final List<List<byte[]>> x = BranchView.differing(new BranchView[] {va, vb}, new TableDef[] {a, b}, keys,
                pages);
            if (LOG.isDebugEnabled()) {
                LOG.debug("diff of {}: {} pages read at both heads in {} us", name, pages, (System.nanoTime() - t0) / 1000);
            }
            rowsA = BranchView.decode(a, x.get(0));
            rowsB = BranchView.decode(b, x.get(1));
        }
        final long t2 = System.nanoTime();
        final TableChange c = compare(name, a, rowsA, b, rowsB, wantRows, full, pages);
        if (LOG.isDebugEnabled()) {
            LOG.debug("diff of {}: compare {} us", name, (System.nanoTime() - t2) / 1000);
        }
        return c.added() + c.modified() + c.removed() == 0 && !full ? null : c;
    }

    /** Compares the rows of one table on both sides (by primary key when both sides have the same one). */
    static TableChange compare(final String name, final TableDef a, final List<Object[]> rowsA, final TableDef b,
                               final List<Object[]> rowsB, final boolean wantRows, final boolean full, final int pages) {
        final List<String> cols = unionColumns(a, b);
        final int[] pk = a != null && b != null ? samePrimaryKey(a, b) : primaryKeyOf(a != null ? a : b);
        final List<RowChange> rows = new ArrayList<>();
        int added = 0;
        int modified = 0;
        int removed = 0;
        if (pk != null) {
            final TreeMap<String, Object[]> ma = byKey(a, rowsA);
            final TreeMap<String, Object[]> mb = byKey(b, rowsB);
            final Set<String> keys = new java.util.TreeSet<>(ma.keySet());
            keys.addAll(mb.keySet());
            for (final String k : keys) {
                final Object[] x = ma.get(k);
                final Object[] y = mb.get(k);
                final String type;
                if (x == null) {
                    type = "added";
                    added++;
                } else if (y == null) {
                    type = "removed";
                    removed++;
                } else if (!sameRow(cols, a, x, b, y)) {
                    type = "modified";
                    modified++;
                } else {
                    continue;
                }
                if (wantRows && rows.size() < MAX_ROWS) {
                    rows.add(new RowChange(type, x, y));
                }
            }
        } else {
            final TreeMap<String, List<Object[]>> ma = byWholeRow(cols, a, rowsA);
            final TreeMap<String, List<Object[]>> mb = byWholeRow(cols, b, rowsB);
            final Set<String> keys = new java.util.TreeSet<>(ma.keySet());
            keys.addAll(mb.keySet());
            for (final String k : keys) {
                final List<Object[]> x = ma.getOrDefault(k, List.of());
                final List<Object[]> y = mb.getOrDefault(k, List.of());
                for (int i = y.size(); i < x.size(); i++) {
                    removed++;
                    if (wantRows && rows.size() < MAX_ROWS) {
                        rows.add(new RowChange("removed", x.get(i), null));
                    }
                }
                for (int i = x.size(); i < y.size(); i++) {
                    added++;
                    if (wantRows && rows.size() < MAX_ROWS) {
                        rows.add(new RowChange("added", null, y.get(i)));
                    }
                }
            }
        }
        return new TableChange(name, a, b, added, modified, removed, rows, full, pages);
    }

    /** The primary key's columns (row positions) when both sides have the same one by column names, else null. */
    private static int[] samePrimaryKey(final TableDef a, final TableDef b) {
        final int[] pa = primaryKeyOf(a);
        final int[] pb = primaryKeyOf(b);
        if (pa == null || pb == null || pa.length != pb.length) {
            return null;
        }
        for (int i = 0; i < pa.length; i++) {
            if (!a.columns().get(pa[i]).name().equals(b.columns().get(pb[i]).name())) {
                return null;
            }
        }
        return pa;
    }

    /** Row positions of the primary key's columns of {@code t}, or null. */
    static int[] primaryKeyOf(final TableDef t) {
        final IndexDef pk = t == null ? null : t.primaryKey();
        if (pk == null) {
            return null;
        }
        final int[] out = new int[pk.keyAttnums().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = position(t, pk.keyAttnums()[i]);
        }
        return out;
    }

    private static int position(final TableDef t, final int attnum) {
        for (int i = 0; i < t.columns().size(); i++) {
            if (t.columns().get(i).attnum() == attnum) {
                return i;
            }
        }
        throw new IllegalStateException("no column " + attnum + " in " + t.name());
    }

    /** Rows by the text of their key columns (named as in {@code t}; the other side's positions by name). */
    private static TreeMap<String, Object[]> byKey(final TableDef t, final List<Object[]> rows) {
        final TreeMap<String, Object[]> out = new TreeMap<>();
        if (t == null) {
            return out;
        }
        final int[] pk = primaryKeyOf(t);
        for (final Object[] r : rows) {
            final StringBuilder k = new StringBuilder();
            for (final int p : pk) {
                k.append(text(t.columns().get(p), r[p])).append('\u0000');
            }
            out.put(k.toString(), r);
        }
        return out;
    }

    private static TreeMap<String, List<Object[]>> byWholeRow(final List<String> cols, final TableDef t,
                                                              final List<Object[]> rows) {
        final TreeMap<String, List<Object[]>> out = new TreeMap<>();
        if (t == null) {
            return out;
        }
        for (final Object[] r : rows) {
            final StringBuilder k = new StringBuilder();
            for (final String c : cols) {
                final int i = t.columnIndex(c);
                k.append(i < 0 ? "\u0001" : text(t.columns().get(i), r[i])).append('\u0000');
            }
            out.computeIfAbsent(k.toString(), x -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /** Names of A's columns, then B's that A lacks. */
    static List<String> unionColumns(final TableDef a, final TableDef b) {
        final Set<String> s = new LinkedHashSet<>();
        if (a != null) {
            for (final ColumnDef c : a.columns()) {
                s.add(c.name());
            }
        }
        if (b != null) {
            for (final ColumnDef c : b.columns()) {
                s.add(c.name());
            }
        }
        return new ArrayList<>(s);
    }

    /** Whether every column (a missing one reads as NULL) has the same value on both sides. */
    static boolean sameRow(final List<String> cols, final TableDef a, final Object[] x, final TableDef b,
                           final Object[] y) {
        for (final String c : cols) {
            if (!sameValue(value(a, x, c), value(b, y, c))) {
                return false;
            }
        }
        return true;
    }

    static Object value(final TableDef t, final Object[] row, final String column) {
        if (t == null || row == null) {
            return null;
        }
        final int i = t.columnIndex(column);
        return i < 0 ? null : row[i];
    }

    static boolean sameValue(final Object x, final Object y) {
        if (x instanceof byte[] p && y instanceof byte[] q) {
            return Arrays.equals(p, q);
        }
        return x == null ? y == null : y != null && canon(x).equals(canon(y));
    }

    private static Object canon(final Object v) {
        return v instanceof byte[] b ? ByteBuffer.wrap(b) : v;
    }

    /** A value as PostgreSQL prints it (UTC, extra_float_digits 1), or null. */
    static String text(final ColumnDef c, final Object v) {
        if (v == null) {
            return null;
        }
        final PgType t = c.type();
        return t.formatText(v, PgType.Format.DEFAULT);
    }

    /** The diff as JSON ({@code docs/branching.md}). */
    static String json(final Result r) {
        final List<String> tables = new ArrayList<>();
        for (final TableChange t : r.tables()) {
            final List<String> rows = new ArrayList<>();
            for (final RowChange c : t.rows()) {
                rows.add("{\"diff_type\":" + Json.quote(c.type()) + ",\"from\":" + rowJson(t.from(), c.from())
                    + ",\"to\":" + rowJson(t.to(), c.to()) + "}");
            }
            tables.add("{\"table\":" + Json.quote(display(t.table())) + ",\"added\":" + t.added() + ",\"modified\":"
                + t.modified() + ",\"removed\":" + t.removed() + ",\"read\":" + Json.quote(t.fullRead() ? "whole table"
                : t.pagesRead() + " changed pages") + ",\"rows\":[" + String.join(",", rows) + "]}");
        }
        final List<String> schema = new ArrayList<>();
        for (final SchemaDiff.Change c : r.schema().changes) {
            schema.add(Json.object("change", c.kind(), "table", display(c.table()), "detail", c.detail()));
        }
        final List<String> sql = new ArrayList<>();
        for (final String s : r.schema().sql) {
            sql.add(Json.quote(s + ";"));
        }
        return "{\"from\":" + Json.quote(r.a()) + ",\"to\":" + Json.quote(r.b()) + ",\"from_lsn\":"
            + Json.quote(Lsn.format(r.headA())) + ",\"to_lsn\":" + Json.quote(Lsn.format(r.headB()))
            + ",\"fork_lsn\":" + Json.quote(Lsn.format(r.forkLsn())) + ",\"schema\":[" + String.join(",", schema)
            + "],\"sql\":[" + String.join(",", sql) + "],\"tables\":[" + String.join(",", tables) + "]}";
    }

    static String rowJson(final TableDef t, final Object[] row) {
        if (t == null || row == null) {
            return "null";
        }
        final Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < t.columns().size(); i++) {
            m.put(t.columns().get(i).name(), text(t.columns().get(i), row[i]));
        }
        final List<String> kv = new ArrayList<>();
        for (final Map.Entry<String, String> e : m.entrySet()) {
            kv.add(Json.quote(e.getKey()) + ":" + Json.quote(e.getValue()));
        }
        return "{" + String.join(",", kv) + "}";
    }

    /** {@code public.orders} shows as {@code orders}. */
    static String display(final String qualified) {
        return qualified.startsWith("public.") ? qualified.substring(7) : qualified;
    }
}
