package io.stratum.compute.sql.ast;

/**
 * A value expression. Operators keep PostgreSQL's names and precedence; special syntax
 *     ({@code EXTRACT(f FROM x)}, {@code POSITION(a IN b)}, {@code SUBSTRING(x FROM a FOR b)}, {@code TRIM(...)},
 *     {@code OVERLAY(...)}, {@code x AT TIME ZONE z}) becomes the {@link FuncCall} PostgreSQL uses for it,
 *     with schema {@code pg_catalog}; typed literals ({@code date '2020-01-01'}) are a {@link Cast} of a
 *     {@link StringLit}.
 */
public sealed interface Expr extends Node
        permits NullLit,
        BoolLit,
        IntLit,
        NumericLit,
        StringLit,
        BitStringLit,
        Param,
        ColumnRef,
        Star,
        FieldSelect,
        Subscript,
        UnaryOp,
        BinaryOp,
        And,
        Or,
        Not,
        IsNull,
        IsBool,
        IsDistinctFrom,
        Between,
        InList,
        InSubquery,
        Like,
        QuantifiedComparison,
        Exists,
        ScalarSubquery,
        ArraySubquery,
        ArrayExpr,
        RowExpr,
        Case,
        FuncCall,
        Cast,
        Collate,
        SqlValueFunction,
        DefaultExpr {}
