package io.stratum.compute.sql.ast;

/**
 * Any syntax-tree node. {@link #pos()} is the 0-based character (UTF-16) offset into the text given to
 * the parser of the token PostgreSQL reports errors at (its "location"): the first token for most nodes,
 * the operator for operator nodes ({@link BinaryOp}, {@link And}, {@link Or}, {@link IsNull},
 * {@link IsBool}, {@link IsDistinctFrom}, {@link Between}, {@link InList}, {@link InSubquery}, {@link Like},
 * {@link QuantifiedComparison}, {@link Collate}, {@link Subscript}, a {@code ::} {@link Cast}, a
 * {@link FieldSelect}'s dot). An error about the node reports {@code pos() + 1} (in code points).
 * Lists in nodes are never null (empty when the clause is absent); optional single values are null.
 * Identifiers are already case-folded (lower case unless they were double-quoted).
 */
public interface Node {
    /** 0-based character offset of the node in the statement text. */
    int pos();
}
