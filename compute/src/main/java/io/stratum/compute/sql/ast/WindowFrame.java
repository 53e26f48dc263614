package io.stratum.compute.sql.ast;

/**
 * {@code ROWS|RANGE|GROUPS [BETWEEN] start [AND end] [EXCLUDE ...]} of a window.
 *
 * @param mode RANGE, ROWS or GROUPS
 * @param start the start bound
 * @param end the end bound; {@code CURRENT ROW} when only a start is written
 * @param exclusion {@code EXCLUDE CURRENT ROW|GROUP|TIES|NO OTHERS} as lower-case words, null when absent
 * @param pos 0-based character offset of the node's first token in the statement text
 */
public record WindowFrame(
        FrameMode mode,
        FrameBound start,
        FrameBound end,
        String exclusion,
        int pos) implements Node {}
