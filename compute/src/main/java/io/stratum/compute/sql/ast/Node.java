package io.stratum.compute.sql.ast;

/**
 * Any syntax-tree node. {@link #pos()} is the 0-based character offset into the statement text of the
 * token the node starts at (PostgreSQL's "location"); an error about the node reports {@code pos() + 1}.
 * Lists in nodes are never null (empty when the clause is absent); optional single values are null.
 * Identifiers are already case-folded (lower case unless they were double-quoted).
 */
public interface Node {
    /** 0-based character offset of the node in the statement text. */
    int pos();
}
