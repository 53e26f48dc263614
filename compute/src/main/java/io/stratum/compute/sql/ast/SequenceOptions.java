package io.stratum.compute.sql.ast;

import java.util.List;

/**
 * Sequence options of CREATE/ALTER SEQUENCE and identity columns: {@code [AS type] [INCREMENT [BY] n]
 *     [MINVALUE n | NO MINVALUE] [MAXVALUE n | NO MAXVALUE] [START [WITH] n] [RESTART [WITH n]] [CACHE n]
 *     [[NO] CYCLE] [OWNED BY t.c | NONE]}.
 *
 * @param as {@code AS type}, null when absent
 * @param increment {@code INCREMENT [BY] n}, null when absent
 * @param minValue {@code MINVALUE n}, null when absent or NO MINVALUE
 * @param maxValue {@code MAXVALUE n}, null when absent or NO MAXVALUE
 * @param start {@code START [WITH] n}, null when absent
 * @param restart {@code RESTART [WITH] n} (ALTER only); {@code RESTART} alone gives the start value: see restartDefault
 * @param restartDefault {@code RESTART} without a value
 * @param cache {@code CACHE n}, null when absent
 * @param cycle TRUE for CYCLE, FALSE for NO CYCLE, null when absent
 * @param ownedBy the dotted parts of {@code OWNED BY [schema.]table.column}; empty when absent or {@code OWNED BY NONE} (see ownedByNone)
 * @param ownedByNone {@code OWNED BY NONE}
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record SequenceOptions(
        TypeName as,
        Long increment,
        Long minValue,
        Long maxValue,
        Long start,
        Long restart,
        boolean restartDefault,
        Long cache,
        Boolean cycle,
        List<String> ownedBy,
        boolean ownedByNone,
        int pos) implements Node {
    /** No options written. */
    public static SequenceOptions none(final int pos) {
        return new SequenceOptions(null, null, null, null, null, null, false, null, null, List.of(), false, pos);
    }
}
