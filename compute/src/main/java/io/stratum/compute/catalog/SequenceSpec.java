package io.stratum.compute.catalog;

import io.stratum.compute.types.PgType;

/**
 * CREATE SEQUENCE. Null fields take PostgreSQL's defaults for {@code type}: increment 1, minvalue 1
 * (ascending) or the type's minimum (descending), maxvalue the type's maximum (ascending) or -1, start
 * minvalue (ascending) or maxvalue (descending), cache 1, no cycle.
 *
 * @param type INT2 / INT4 / INT8 (AS smallint/integer/bigint; default INT8)
 */
public record SequenceSpec(String schema, String name, PgType type, Long start, Long increment, Long min, Long max,
                           Long cache, boolean cycle, boolean ifNotExists) {
    /** A bigint sequence with PostgreSQL's defaults. */
    public static SequenceSpec of(final String schema, final String name) {
        return new SequenceSpec(schema, name, PgType.INT8, null, null, null, null, null, false, false);
    }
}
