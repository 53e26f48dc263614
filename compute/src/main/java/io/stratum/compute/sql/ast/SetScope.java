package io.stratum.compute.sql.ast;

/**
 * Scope of a {@link SetVariable}.
 */
public enum SetScope {
    /** {@code SET name ...} or {@code SET SESSION name ...} */
    SESSION,
    /** {@code SET LOCAL name ...} */
    LOCAL
}
