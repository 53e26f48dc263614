package io.stratum.compute.sql.ast;

/**
 * One SQL statement, as {@code Parser.parse} returns it. {@link #pos()} is where the statement starts
 *     in the text given to the parser.
 */
public sealed interface Statement extends Node
        permits Query,
        Insert,
        Update,
        Delete,
        Truncate,
        Copy,
        CreateTable,
        CreateIndex,
        AlterTable,
        Drop,
        CreateSequence,
        AlterSequence,
        CreateSchema,
        CreateView,
        Begin,
        Commit,
        Rollback,
        Savepoint,
        RollbackTo,
        ReleaseSavepoint,
        SetVariable,
        SetTransaction,
        Show,
        Reset,
        Vacuum,
        Analyze,
        Explain,
        Prepare,
        Execute,
        Deallocate,
        Discard,
        Listen,
        Notify,
        Unlisten,
        Checkpoint,
        LockTable {}
