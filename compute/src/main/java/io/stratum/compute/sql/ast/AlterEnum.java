package io.stratum.compute.sql.ast;

/**
 * {@code ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'x' [BEFORE | AFTER 'y']} or
 * {@code ALTER TYPE name RENAME VALUE 'a' TO 'b'}.
 *
 * @param name the type
 * @param label the new label (ADD) or the label renamed (RENAME)
 * @param ifNotExists {@code IF NOT EXISTS} (ADD)
 * @param neighbor the label of {@code BEFORE} / {@code AFTER}, null when absent (ADD)
 * @param after {@code AFTER} rather than {@code BEFORE}
 * @param renameTo the new name of {@code label}, null for ADD VALUE
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record AlterEnum(QualifiedName name, String label, boolean ifNotExists, String neighbor, boolean after,
                        String renameTo, int pos) implements Statement {}
