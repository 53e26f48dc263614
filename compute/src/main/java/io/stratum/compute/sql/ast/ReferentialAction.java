package io.stratum.compute.sql.ast;

/**
 * ON DELETE / ON UPDATE action of a foreign key.
 */
public enum ReferentialAction {
    /** {@code NO ACTION} (also when nothing is written) */
    NO_ACTION,
    /** {@code RESTRICT} */
    RESTRICT,
    /** {@code CASCADE} */
    CASCADE,
    /** {@code SET NULL} */
    SET_NULL,
    /** {@code SET DEFAULT} */
    SET_DEFAULT
}
