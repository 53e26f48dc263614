package io.stratum.compute.sql.analyze;

import io.stratum.compute.catalog.ColumnDef;
import io.stratum.compute.catalog.TableDef;
import io.stratum.compute.exec.OutCol;
import io.stratum.compute.session.SqlException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The relations visible to an expression: FROM items with their aliases, column names and offsets in the
 * combined row, and the enclosing query's scope (correlation).
 */
final class Scope {
    /** One FROM item. {@code hidden}: columns merged away by JOIN USING (not found unqualified). */
    record Entry(String alias, String schema, List<OutCol> cols, int offset, Set<String> hidden) {
    }

    /** A resolved column: levels up (0 here), index into that level's row, and its description. */
    record Resolved(int levelsUp, int index, OutCol col, String qualified) {
    }

    final Scope parent;
    final List<Entry> entries = new ArrayList<>();
    int width;
    /**
     * The parent's columns are in this level's row too (a semi join's condition sees the inner side first,
     * then the outer side, in one joined row): resolving into the parent does not count a level.
     */
    boolean parentInRow;
    /** When set, the indexes of this level's columns that names resolved to (from any scope below). */
    java.util.BitSet hits;

    Scope(final Scope parent) {
        this.parent = parent;
    }

    /** A scope of one FROM item, {@code t}'s columns, named {@code alias} (or the table's name when null). */
    static Scope ofTable(final TableDef t, final String alias) {
        final Scope s = new Scope(null);
        final List<OutCol> cols = new ArrayList<>();
        for (final ColumnDef c : t.columns()) {
            cols.add(new OutCol(c.name(), c.type(), c.typmod(), t.oid(), c.attnum()));
        }
        s.add(alias == null ? t.name() : alias, null, cols);
        return s;
    }

    Entry add(final String alias, final String schema, final List<OutCol> cols) {
        final Entry e = new Entry(alias, schema, cols, width, new HashSet<>());
        entries.add(e);
        width += cols.size();
        return e;
    }

    /** All columns, in row order. */
    List<OutCol> columns() {
        final List<OutCol> out = new ArrayList<>();
        for (final Entry e : entries) {
            out.addAll(e.cols());
        }
        return out;
    }

    Entry entry(final List<String> qualifier, final int pos) {
        final String name = qualifier.get(qualifier.size() - 1);
        final String schema = qualifier.size() > 1 ? qualifier.get(qualifier.size() - 2) : null;
        for (Scope s = this; s != null; s = s.parent) {
            for (final Entry e : s.entries) {
                if (name.equals(e.alias()) && (schema == null || schema.equals(e.schema()))) {
                    return e;
                }
            }
        }
        throw new SqlException("42P01", "missing FROM-clause entry for table \"" + name + "\"", null, null, pos + 1, null);
    }

    /** The entries of this level named {@code alias} (for t.* ), or null when none. */
    Entry find(final String alias) {
        for (final Entry e : entries) {
            if (alias.equals(e.alias())) {
                return e;
            }
        }
        return null;
    }

    /** Resolves {@code [[schema.]table.]column} as PostgreSQL does; null when not found at any level. */
    Resolved resolve(final List<String> parts, final int pos) {
        final String col = parts.get(parts.size() - 1);
        final String table = parts.size() > 1 ? parts.get(parts.size() - 2) : null;
        final String schema = parts.size() > 2 ? parts.get(parts.size() - 3) : null;
        int level = 0;
        boolean sawTable = false;
        for (Scope s = this; s != null; level += s.parentInRow ? 0 : 1, s = s.parent) {
            Resolved found = null;
            for (final Entry e : s.entries) {
                if (table != null) {
                    if (!table.equals(e.alias()) || (schema != null && !schema.equals(e.schema()))) {
                        continue;
                    }
                    sawTable = true;
                } else if (e.hidden().contains(col)) {
                    continue;
                }
                for (int i = 0; i < e.cols().size(); i++) {
                    if (e.cols().get(i).name().equals(col)) {
                        if (found != null) {
                            throw new SqlException("42702", "column reference \"" + col + "\" is ambiguous", null, null,
                                pos + 1, null);
                        }
                        found = new Resolved(level, e.offset() + i, e.cols().get(i),
                            (e.alias() == null ? "" : e.alias() + ".") + col);
                        if (table != null) {
                            break;
                        }
                    }
                }
            }
            if (found != null) {
                if (s.hits != null) {
                    s.hits.set(found.index());
                }
                return found;
            }
            if (table != null && sawTable) {
                throw new SqlException("42703", "column " + table + "." + col + " does not exist", null, null, pos + 1, null);
            }
        }
        if (table != null) {
            throw new SqlException("42P01", "missing FROM-clause entry for table \"" + table + "\"", null, null, pos + 1, null);
        }
        return null;
    }
}
