package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * A column definition: {@code name type [COLLATE c] [NOT NULL | NULL | DEFAULT e | PRIMARY KEY | UNIQUE |
 *     CHECK (e) | REFERENCES t [(c)] | GENERATED ... AS IDENTITY | GENERATED ALWAYS AS (e) STORED] ...}.
 *
 * @param name column name
 * @param type the type; null only in a {@code CREATE TABLE ... AS} name list
 * @param collation {@code COLLATE c}, null when absent
 * @param constraints column constraints in order (their columns lists are empty)
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record ColumnDef(
        String name,
        TypeName type,
        QualifiedName collation,
        List<Constraint> constraints,
        int pos) implements Node {}
