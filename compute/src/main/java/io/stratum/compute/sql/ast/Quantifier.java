package io.stratum.compute.sql.ast;

/**
 * ANY/SOME/ALL of a quantified comparison.
 */
public enum Quantifier {
    /** {@code ANY} or {@code SOME} */
    ANY,
    /** {@code ALL} */
    ALL
}
