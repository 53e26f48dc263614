package io.stratum.compute.session;

import io.stratum.compute.types.PgType;

/**
 * One result column as RowDescription describes it.
 *
 * @param name label (PostgreSQL's: {@code count}, {@code ?column?}, ...)
 * @param tableOid OID of the table the column comes from, or 0
 * @param columnNumber attnum in that table, or 0
 * @param type the type (its OID and length go on the wire)
 * @param typeModifier atttypmod, -1 when none
 */
public record ColumnDesc(String name, long tableOid, int columnNumber, PgType type, int typeModifier) {
}
