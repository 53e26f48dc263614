package io.stratum.compute.catalog;

import java.util.List;

/**
 * A table constraint as declared: {@code [CONSTRAINT name] PRIMARY KEY (a, b)}, {@code UNIQUE (a)},
 * {@code CHECK (expr)}.
 *
 * @param name explicit constraint name, or null (then PostgreSQL's: t_pkey, t_a_b_key, t_a_check / t_check)
 * @param kind p / u / c
 * @param columns key columns (p / u), or the columns a CHECK mentions (names the constraint), may be empty
 * @param checkExpr the CHECK expression as SQL text, or null
 */
public record ConstraintSpec(String name, ConstraintKind kind, List<String> columns, String checkExpr) {
    public static ConstraintSpec primaryKey(final List<String> columns) {
        return new ConstraintSpec(null, ConstraintKind.PRIMARY_KEY, columns, null);
    }

    public static ConstraintSpec unique(final List<String> columns) {
        return new ConstraintSpec(null, ConstraintKind.UNIQUE, columns, null);
    }
}
