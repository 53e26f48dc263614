package io.stratum.compute.sql.ast;

/**
 * {@code CREATE [TEMP|UNLOGGED] SEQUENCE [IF NOT EXISTS] s [options]}.
 *
 * @param name the sequence
 * @param persistence PERMANENT, TEMPORARY or UNLOGGED
 * @param ifNotExists {@code IF NOT EXISTS}
 * @param options the options (never null)
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record CreateSequence(
        QualifiedName name,
        Persistence persistence,
        boolean ifNotExists,
        SequenceOptions options,
        int pos) implements Statement {}
