package io.stratum.compute.sql.ast;

/**
 * An SQL-standard value function written without parentheses: {@code CURRENT_DATE}, {@code CURRENT_TIME},
 *     {@code CURRENT_TIMESTAMP}, {@code LOCALTIME}, {@code LOCALTIMESTAMP}, {@code CURRENT_USER}, {@code SESSION_USER},
 *     {@code USER}, {@code CURRENT_ROLE}, {@code CURRENT_CATALOG}, {@code CURRENT_SCHEMA}. The output column
 *     name is {@link Kind#columnName()}.
 *
 * @param kind which function
 * @param precision {@code CURRENT_TIMESTAMP(3)} etc., null when not written
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record SqlValueFunction(
        Kind kind,
        Integer precision,
        int pos) implements Expr {
    /** The value functions. */
    public enum Kind {
        CURRENT_DATE, CURRENT_TIME, CURRENT_TIMESTAMP, LOCALTIME, LOCALTIMESTAMP, CURRENT_USER, SESSION_USER,
        USER, CURRENT_ROLE, CURRENT_CATALOG, CURRENT_SCHEMA;

        /** The name PostgreSQL gives an output column of this function, e.g. {@code current_date}. */
        public String columnName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
