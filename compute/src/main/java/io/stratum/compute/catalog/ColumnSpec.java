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
 */
public record ColumnSpec(String name, PgType type, int typmod, boolean notNull, String defaultExpr, boolean serial) {
    /** A plain nullable column without default. */
    public static ColumnSpec of(final String name, final PgType type) {
        return new ColumnSpec(name, type, -1, false, null, false);
    }
}
