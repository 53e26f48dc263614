package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code CREATE [TEMP|TEMPORARY|UNLOGGED] TABLE [IF NOT EXISTS] t (col type [COLLATE c] [constraints],
 *     ..., [CONSTRAINT n] PRIMARY KEY (...) | UNIQUE (...) | CHECK (...) | FOREIGN KEY (...) REFERENCES ...)
 *     [WITH (fillfactor=100, ...)] [ON COMMIT ...]} and {@code CREATE TABLE t [(names)] AS query [WITH [NO] DATA]}.
 *
 * @param name the new table
 * @param persistence PERMANENT, TEMPORARY or UNLOGGED
 * @param ifNotExists {@code IF NOT EXISTS}
 * @param columns column definitions in order
 * @param constraints table constraints ({@code PRIMARY KEY (a, b)}, ...) in order; column constraints are in the columns
 * @param with storage parameters {@code WITH (fillfactor=100)}, empty when absent
 * @param onCommit {@code ON COMMIT PRESERVE ROWS|DELETE ROWS|DROP} as lower-case words with underscores, null when absent
 * @param asQuery the query of {@code CREATE TABLE t [(cols)] AS query}, else null (then columns holds only names, types null)
 * @param withData false for {@code AS ... WITH NO DATA}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record CreateTable(
        QualifiedName name,
        Persistence persistence,
        boolean ifNotExists,
        List<ColumnDef> columns,
        List<Constraint> constraints,
        List<Option> with,
        String onCommit,
        Query asQuery,
        boolean withData,
        int pos) implements Statement {}
