package io.stratum.compute.sql.ast;

/**
 * A possibly qualified object name: {@code name}, {@code schema.name}, {@code catalog.schema.name}.
 *
 * @param catalog database part of a three-part name, usually null
 * @param schema schema, null when unqualified
 * @param name object name
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record QualifiedName(
        String catalog,
        String schema,
        String name,
        int pos) implements Node {
    /** An unqualified name. */
    public static QualifiedName of(final String name, final int pos) {
        return new QualifiedName(null, null, name, pos);
    }

    /** {@code schema.name} as written, for messages (no quoting). */
    @Override
    public String toString() {
        return (catalog == null ? "" : catalog + ".") + (schema == null ? "" : schema + ".") + name;
    }
}
