package io.stratum.compute.types;

import io.stratum.compute.session.SqlException;

/** The SqlExceptions the codecs throw, worded as PostgreSQL 15 words them. */
final class CodecErrors {
    private CodecErrors() {
    }

    /** 22P02 {@code invalid input syntax for type integer: "x"}. */
    static SqlException syntax(final String typeName, final String text) {
        return new SqlException("22P02", "invalid input syntax for type " + typeName + ": \"" + text + "\"");
    }

    /** 22007 for date/time types. */
    static SqlException dateSyntax(final String typeName, final String text) {
        return new SqlException("22007", "invalid input syntax for type " + typeName + ": \"" + text + "\"");
    }

    /** 22008 {@code date/time field value out of range: "x"}. */
    static SqlException dateRange(final String text) {
        return new SqlException("22008", "date/time field value out of range: \"" + text + "\"");
    }

    /** 22003 {@code value "x" is out of range for type smallint}. */
    static SqlException intRange(final String typeName, final String text) {
        return new SqlException("22003", "value \"" + text + "\" is out of range for type " + typeName);
    }

    /** 22003 {@code "1e400" is out of range for type double precision}. */
    static SqlException floatRange(final String typeName, final String text) {
        return new SqlException("22003", "\"" + text + "\" is out of range for type " + typeName);
    }

    /** 22P02 with a free message (bytea, arrays). */
    static SqlException invalid(final String message) {
        return new SqlException("22P02", message);
    }

    /** 22P02 malformed array literal with a detail. */
    static SqlException malformedArray(final String text, final String detail) {
        return new SqlException("22P02", "malformed array literal: \"" + text + "\"", detail, null, 0, null);
    }

    /** 22P03 {@code incorrect binary data format}. */
    static SqlException binary(final String what) {
        return new SqlException("22P03", "incorrect binary data format" + (what == null ? "" : " in " + what));
    }

    /** 22P03 when a binary value has the wrong length. */
    static SqlException binaryLength(final String typeName, final int length) {
        return new SqlException("22P03", "insufficient data left in message",
                "type " + typeName + " got " + length + " bytes", null, 0, null);
    }

    /** 0A000 for values Stratum cannot represent. */
    static SqlException unsupported(final String message) {
        return new SqlException("0A000", message);
    }

    /** XX000 when a Java value does not have the form the type expects. */
    static SqlException wrongForm(final PgType type, final Object value) {
        return new SqlException("XX000", "value of class " + value.getClass().getName()
                + " cannot be sent as type " + type.typname());
    }
}
