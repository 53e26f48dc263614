package io.stratum.compute.sql.ast;

/**
 * An item of a FROM list (or of UPDATE ... FROM / DELETE ... USING).
 */
public sealed interface FromItem extends Node
        permits TableRef,
        SubqueryRef,
        FunctionRef,
        ValuesRef,
        Join {}
