package io.stratum.compute.sql.ast;

/**
 * NULLS FIRST / NULLS LAST of an ORDER BY item.
 */
public enum NullOrdering {
    /** nothing written: NULLS LAST for ascending, NULLS FIRST for descending */
    DEFAULT,
    /** {@code NULLS FIRST} */
    FIRST,
    /** {@code NULLS LAST} */
    LAST
}
