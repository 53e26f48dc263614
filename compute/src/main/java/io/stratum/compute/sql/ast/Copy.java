package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code COPY t [(c, ...)] FROM STDIN | TO STDOUT | 'file' [[WITH] (FORMAT csv, HEADER, DELIMITER ',',
 *     NULL '', FREEZE ON, ...)]}, {@code COPY (SELECT ...) TO STDOUT ...}, and the old option forms
 *     {@code WITH CSV HEADER}, {@code DELIMITER ','}, {@code NULL 'x'}, {@code BINARY}, {@code CSV QUOTE '"'}
 *     (mapped to the same {@link Option}s: {@code CSV} -> format=csv, {@code BINARY} -> format=binary,
 *     {@code HEADER} -> header with no value, {@code FORCE QUOTE a, b} -> force_quote [a, b]).
 *
 * @param table the table, null for {@code COPY (query) TO}
 * @param columns column list, empty for all
 * @param query the query of {@code COPY (query) TO ...}, else null
 * @param from true for {@code FROM} (loading), false for {@code TO}
 * @param file the file name, or null for STDIN/STDOUT
 * @param program {@code PROGRAM 'cmd'} (file holds the command)
 * @param options options normalised to the new form, names lower case: {@code format} (text|csv|binary), {@code header}, {@code delimiter}, {@code null}, {@code quote}, {@code escape}, {@code freeze}, {@code force_quote}, {@code force_not_null}, {@code encoding}, ...
 * @param where {@code COPY ... FROM ... WHERE cond}, else null
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record Copy(
        QualifiedName table,
        List<String> columns,
        Query query,
        boolean from,
        String file,
        boolean program,
        List<Option> options,
        Expr where,
        int pos) implements Statement {}
