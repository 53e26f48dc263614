package io.stratum.compute.sql.ast;

/**
 * Direction of an ORDER BY item or index column.
 */
public enum SortOrder {
    /** {@code ASC} */
    ASC,
    /** {@code DESC} */
    DESC,
    /** nothing written (ascending) */
    DEFAULT,
    /** {@code USING op}: see {@link OrderItem#usingOp()} */
    USING
}
