package io.stratum.compute.catalog;

import java.util.List;

/**
 * A FOREIGN KEY as declared: {@code [CONSTRAINT name] FOREIGN KEY (a, b) REFERENCES s.t (x, y) [MATCH FULL]
 * [ON DELETE action] [ON UPDATE action]}, or the column form {@code a int REFERENCES t}.
 *
 * @param name explicit constraint name, or null (then PostgreSQL's {@code t_a_b_fkey})
 * @param columns the referencing columns
 * @param refSchema the referenced table's schema, or null (search path)
 * @param refTable the referenced table
 * @param refColumns the referenced columns, empty for the referenced table's primary key
 * @param onUpdate confupdtype: a no action, r restrict, c cascade, n set null, d set default
 * @param onDelete confdeltype, as {@code onUpdate}
 * @param matchType s simple, f full
 */
public record ForeignKeySpec(String name, List<String> columns, String refSchema, String refTable,
                             List<String> refColumns, char onUpdate, char onDelete, char matchType) {
}
