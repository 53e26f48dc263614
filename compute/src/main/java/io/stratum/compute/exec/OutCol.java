package io.stratum.compute.exec;

import io.stratum.compute.types.PgType;

/** One output column of a plan node: label, type and, for plain table columns, the table OID and attnum. */
public record OutCol(String name, PgType type, int typmod, long tableOid, int attnum) {
    public static OutCol of(final String name, final PgType type) {
        return new OutCol(name, type, -1, 0, 0);
    }

    public OutCol renamed(final String n) {
        return new OutCol(n, type, typmod, tableOid, attnum);
    }
}
