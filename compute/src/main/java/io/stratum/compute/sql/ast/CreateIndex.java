package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code CREATE [UNIQUE] INDEX [CONCURRENTLY] [[IF NOT EXISTS] name] ON [ONLY] t [USING method] (col [ASC|DESC]
 *     [NULLS FIRST|LAST], (expr), ...) [INCLUDE (...)] [WITH (...)] [WHERE pred]}.
 *
 * @param name index name, null when omitted (the binder picks one, as PostgreSQL does)
 * @param table the indexed table
 * @param unique {@code UNIQUE}
 * @param concurrently {@code CONCURRENTLY}
 * @param ifNotExists {@code IF NOT EXISTS}
 * @param only {@code ON ONLY t}
 * @param method access method of {@code USING m}, lower case; null when absent (btree)
 * @param elems the key columns/expressions
 * @param include {@code INCLUDE (c, ...)} columns, empty when absent
 * @param with {@code WITH (fillfactor=...)}, empty when absent
 * @param where partial-index predicate, null when absent
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record CreateIndex(
        String name,
        QualifiedName table,
        boolean unique,
        boolean concurrently,
        boolean ifNotExists,
        boolean only,
        String method,
        List<IndexElem> elems,
        List<String> include,
        List<Option> with,
        Expr where,
        int pos) implements Statement {}
