package io.stratum.compute.sql.ast;

/**
 * {@code ALTER SEQUENCE [IF EXISTS] s [options] [RESTART [WITH n]]}.
 *
 * @param name the sequence
 * @param ifExists {@code IF EXISTS}
 * @param options the options (never null)
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record AlterSequence(
        QualifiedName name,
        boolean ifExists,
        SequenceOptions options,
        int pos) implements Statement {}
