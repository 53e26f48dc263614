package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * {@code COMMENT ON TABLE|COLUMN|INDEX|SCHEMA|SEQUENCE|VIEW|DATABASE|ROLE ... name IS 'text' | NULL}.
 *
 * @param objectKind the object kind in lower case words: {@code table}, {@code column}, {@code index}, {@code schema}, {@code sequence}, {@code view}, {@code database}, {@code role}, {@code function}, ...
 * @param name the object's dotted name parts ({@code [schema.]table.column} for a column)
 * @param comment the comment text, null for {@code IS NULL} (removes it)
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record CommentOn(
        String objectKind,
        List<String> name,
        String comment,
        int pos) implements Statement {}
