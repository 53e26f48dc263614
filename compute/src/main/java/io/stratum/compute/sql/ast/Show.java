package io.stratum.compute.sql.ast;

/**
 * {@code SHOW name | SHOW ALL | SHOW TIME ZONE | SHOW TRANSACTION ISOLATION LEVEL | SHOW SESSION AUTHORIZATION}.
 *
 * @param name setting name, lower case; {@code all} for SHOW ALL, {@code timezone} for SHOW TIME ZONE, {@code transaction_isolation} for SHOW TRANSACTION ISOLATION LEVEL, {@code session_authorization}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Show(
        String name,
        int pos) implements Statement {}
