package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * A column or table constraint. Column constraints have empty column lists (they apply to their column).
 *     {@link #name()} is the {@code CONSTRAINT name} given, or null.
 */
public sealed interface Constraint extends Node
        permits Constraint.NotNull,
        Constraint.Null,
        Constraint.Default,
        Constraint.Check,
        Constraint.PrimaryKey,
        Constraint.Unique,
        Constraint.ForeignKey,
        Constraint.Identity,
        Constraint.Generated {
    /** The name given with {@code CONSTRAINT name}, null when none. */
    String name();

    /** {@code NOT NULL} (column only). */
    record NotNull(String name, int pos) implements Constraint {}

    /** {@code NULL} (column only; explicitly nullable). */
    record Null(String name, int pos) implements Constraint {}

    /** {@code DEFAULT expr} (column only). */
    record Default(String name, Expr expr, int pos) implements Constraint {}

    /** {@code CHECK (expr) [NO INHERIT]}. */
    record Check(String name, Expr expr, int pos) implements Constraint {}

    /**
     * {@code PRIMARY KEY} (column) or {@code PRIMARY KEY (a, b) [INCLUDE (...)] [WITH (...)] [USING INDEX
     * TABLESPACE t]} (table); {@code columns} is empty for the column form.
     */
    record PrimaryKey(String name, List<String> columns, List<String> include, List<Option> with, int pos)
            implements Constraint {}

    /** {@code UNIQUE [NULLS [NOT] DISTINCT] [(a, b)] ...}; {@code columns} is empty for the column form. */
    record Unique(String name, List<String> columns, boolean nullsNotDistinct, List<String> include,
                  List<Option> with, int pos) implements Constraint {}

    /**
     * {@code [FOREIGN KEY (a, b)] REFERENCES t [(x, y)] [MATCH FULL|PARTIAL|SIMPLE] [ON DELETE action]
     * [ON UPDATE action] [[NOT] DEFERRABLE] [INITIALLY DEFERRED|IMMEDIATE]}; {@code columns} is empty for the
     * column form, {@code refColumns} empty when not written (the referenced primary key); {@code match} is
     * "full", "partial" or "simple" (the default).
     */
    record ForeignKey(String name, List<String> columns, QualifiedName refTable, List<String> refColumns,
                      String match, ReferentialAction onDelete, ReferentialAction onUpdate, boolean deferrable,
                      boolean initiallyDeferred, int pos) implements Constraint {}

    /** {@code GENERATED ALWAYS|BY DEFAULT AS IDENTITY [(sequence options)]} (column only). */
    record Identity(String name, boolean always, SequenceOptions options, int pos) implements Constraint {}

    /** {@code GENERATED ALWAYS AS (expr) STORED} (column only). */
    record Generated(String name, Expr expr, int pos) implements Constraint {}
}
