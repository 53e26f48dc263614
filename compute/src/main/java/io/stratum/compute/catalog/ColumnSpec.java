package io.stratum.compute.catalog;

import io.stratum.compute.types.PgType;

/**
 * A column as CREATE TABLE / ADD COLUMN declares it. Column-level PRIMARY KEY / UNIQUE / CHECK go into
 * {@link TableSpec#constraints()} as {@link ConstraintSpec}s naming this one column.
 *
 * @param name column name (already case-folded by the parser)
 * @param type its type; for serial/bigserial/smallserial pass INT4/INT8/INT2 with {@code serial} set
 * @param typmod see {@link ColumnDef#typmod()}; -1 when none
 * @param notNull NOT NULL declared
 * @param defaultExpr DEFAULT as SQL text (the parser's deparse of the expression), or null
 * @param serial serial-style: the catalog creates sequence {@code <table>_<column>_seq} owned by the column,
 *     sets DEFAULT {@code nextval('<seq>'::regclass)} and NOT NULL
 * @param identity {@code a} GENERATED ALWAYS / {@code d} BY DEFAULT AS IDENTITY (a sequence as for serial), 0 none
 * @param identityStart the identity sequence's START, or null
 * @param identityIncrement the identity sequence's INCREMENT, or null
 */
public record ColumnSpec(String name, PgType type, int typmod, boolean notNull, String defaultExpr, boolean serial,
                         char identity, Long identityStart, Long identityIncrement) {
    /** A column that is not an identity column. */
    public ColumnSpec(final String name, final PgType type, final int typmod, final boolean notNull, final String defaultExpr,
                      final boolean serial) {
        this(name, type, typmod, notNull, defaultExpr, serial, (char) 0, null, null);
    }

    /** A plain nullable column without default. */
    public static ColumnSpec of(final String name, final PgType type) {
        return new ColumnSpec(name, type, -1, false, null, false);
    }
}
