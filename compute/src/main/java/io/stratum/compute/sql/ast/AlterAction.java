package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * One action of an {@link AlterTable}.
 */
public sealed interface AlterAction extends Node
        permits AlterAction.AddColumn,
        AlterAction.DropColumn,
        AlterAction.AddConstraint,
        AlterAction.DropConstraint,
        AlterAction.RenameTable,
        AlterAction.RenameColumn,
        AlterAction.RenameConstraint,
        AlterAction.SetDefault,
        AlterAction.SetNotNull,
        AlterAction.AlterType,
        AlterAction.SetOptions,
        AlterAction.ResetOptions,
        AlterAction.SetSchema,
        AlterAction.OwnerTo {
    /** {@code ADD [COLUMN] [IF NOT EXISTS] col type [constraints]}. */
    record AddColumn(ColumnDef column, boolean ifNotExists, int pos) implements AlterAction {}

    /** {@code DROP [COLUMN] [IF EXISTS] col [CASCADE|RESTRICT]}. */
    record DropColumn(String column, boolean ifExists, boolean cascade, int pos) implements AlterAction {}

    /** {@code ADD [CONSTRAINT n] PRIMARY KEY (..) | UNIQUE (..) | CHECK (..) | FOREIGN KEY ... [NOT VALID]}. */
    record AddConstraint(Constraint constraint, boolean notValid, int pos) implements AlterAction {}

    /** {@code DROP CONSTRAINT [IF EXISTS] n [CASCADE|RESTRICT]}. */
    record DropConstraint(String name, boolean ifExists, boolean cascade, int pos) implements AlterAction {}

    /** {@code RENAME TO new}. */
    record RenameTable(String newName, int pos) implements AlterAction {}

    /** {@code RENAME [COLUMN] old TO new}. */
    record RenameColumn(String column, String newName, int pos) implements AlterAction {}

    /** {@code RENAME CONSTRAINT old TO new}. */
    record RenameConstraint(String name, String newName, int pos) implements AlterAction {}

    /** {@code ALTER [COLUMN] col SET DEFAULT e} ({@code expr} non-null) or {@code DROP DEFAULT} (null). */
    record SetDefault(String column, Expr expr, int pos) implements AlterAction {}

    /** {@code ALTER [COLUMN] col SET NOT NULL} ({@code notNull} true) or {@code DROP NOT NULL}. */
    record SetNotNull(String column, boolean notNull, int pos) implements AlterAction {}

    /** {@code ALTER [COLUMN] col [SET DATA] TYPE t [COLLATE c] [USING e]}. */
    record AlterType(String column, TypeName type, QualifiedName collation, Expr using, int pos)
            implements AlterAction {}

    /** {@code SET (fillfactor = 90, ...)}. */
    record SetOptions(List<Option> options, int pos) implements AlterAction {}

    /** {@code RESET (fillfactor, ...)}. */
    record ResetOptions(List<String> names, int pos) implements AlterAction {}

    /** {@code SET SCHEMA s}. */
    record SetSchema(String schema, int pos) implements AlterAction {}

    /** {@code OWNER TO role} (accepted and ignorable). */
    record OwnerTo(String role, int pos) implements AlterAction {}
}
