package io.stratum.compute.catalog;

import io.stratum.compute.types.PgType;

/**
 * A table column (pg_attribute row with attnum > 0).
 *
 * @param attnum 1-based position; the row arrays of {@code io.stratum.compute.storage} hold it at attnum - 1
 * @param name attname
 * @param type the type
 * @param typmod atttypmod as PostgreSQL: -1 none; varchar(n)/char(n) n + 4; numeric(p,s) ((p << 16) | s) + 4;
 *     timestamp(p) p
 * @param notNull attnotnull
 * @param defaultExpr the DEFAULT expression as SQL text (e.g. {@code nextval('t_id_seq'::regclass)}), or null;
 *     the sqlengine parses and evaluates it
 * @param missingValue the value rows written before this column was added read (ADD COLUMN ... DEFAULT c
 *     evaluated once, as PostgreSQL's atthasmissing), or null
 * @param identity attidentity: {@code a} GENERATED ALWAYS, {@code d} BY DEFAULT AS IDENTITY, 0 none (its
 *     {@code defaultExpr} is then the nextval of its sequence, shown as no default, as PostgreSQL)
 * @param enumType for an enum column ({@link PgType#ENUM}, typmod the enum's OID) the type as of the catalog
 *     snapshot the column belongs to (filled in when the snapshot is built), else null
 */
public record ColumnDef(int attnum, String name, PgType type, int typmod, boolean notNull, String defaultExpr,
                        Object missingValue, char identity, io.stratum.compute.types.EnumType enumType) {

    /** A column without a resolved enum type. */
    public ColumnDef(final int attnum, final String name, final PgType type, final int typmod, final boolean notNull,
                     final String defaultExpr, final Object missingValue, final char identity) {
        this(attnum, name, type, typmod, notNull, defaultExpr, missingValue, identity, null);
    }

    /** This column with its enum type resolved (a label OID missing value becomes the label). */
    public ColumnDef withEnum(final io.stratum.compute.types.EnumType e) {
        Object m = missingValue instanceof Integer && e != null ? e.byOid((Integer) missingValue) : missingValue;
        if (m instanceof Object[] && e != null) {
            final Object[] a = ((Object[]) m).clone();
            for (int i = 0; i < a.length; i++) {
                a[i] = a[i] instanceof Integer ? e.byOid((Integer) a[i]) : a[i];
            }
            m = a;
        }
        return new ColumnDef(attnum, name, type, typmod, notNull, defaultExpr, m, identity, e);
    }

    /** A column that is not an identity column. */
    public ColumnDef(final int attnum, final String name, final PgType type, final int typmod, final boolean notNull,
                     final String defaultExpr, final Object missingValue) {
        this(attnum, name, type, typmod, notNull, defaultExpr, missingValue, (char) 0);
    }

    /** Whether this is an identity column. */
    public boolean isIdentity() {
        return identity != 0;
    }

    /** How a dropped column is renamed, as PostgreSQL does: {@code ........pg.dropped.3........}. */
    public static final String DROPPED_PREFIX = "........pg.dropped.";

    /** Whether a column name is a dropped column's. */
    public static boolean droppedName(final String name) {
        return name.startsWith(DROPPED_PREFIX);
    }

    /**
     * Whether the column was dropped (attisdropped): it keeps its attnum and type so rows written before
     * still decode; new rows hold NULL there; it is in no scope, {@code *} or column list.
     */
    public boolean dropped() {
        return droppedName(name);
    }

    /** This column with another name / type / NOT NULL / default (the other fields kept). */
    public ColumnDef with(final String newName, final PgType newType, final int newTypmod, final boolean newNotNull,
                          final String newDefault) {
        return new ColumnDef(attnum, newName, newType, newTypmod, newNotNull, newDefault, missingValue, identity,
            newType == type && newTypmod == typmod ? enumType : null);
    }

    /** Whether a default is set (atthasdef; an identity column's sequence is not one). */
    public boolean hasDefault() {
        return defaultExpr != null && identity == 0;
    }

    /** typmod for varchar(n) / char(n). */
    public static int charTypmod(final int length) {
        return length + 4;
    }

    /** typmod for numeric(precision, scale). */
    public static int numericTypmod(final int precision, final int scale) {
        return ((precision << 16) | (scale & 0xFFFF)) + 4;
    }
}
