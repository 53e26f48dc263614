package io.stratum.compute.sql.parser;

import io.stratum.compute.sql.ast.SequenceOptions;
import io.stratum.compute.sql.ast.TypeName;
import java.util.ArrayList;
import java.util.List;

/** Sequence options of CREATE/ALTER SEQUENCE and identity columns. */
final class SequenceOptionsParser {
    private SequenceOptionsParser() {
    }

    /** {@code ( options )} of an identity column, or no options. */
    static SequenceOptions parseParenthesised(final TypeParser ps) {
        if (!ps.isPunct("(")) {
            return SequenceOptions.none(ps.pos());
        }
        ps.p++;
        final SequenceOptions o = parse(ps, false);
        ps.expectPunct(")");
        return o;
    }

    static SequenceOptions parse(final TypeParser ps, final boolean alter) {
        final int at = ps.pos();
        TypeName as = null;
        Long increment = null;
        Long min = null;
        Long max = null;
        Long start = null;
        Long restart = null;
        boolean restartDefault = false;
        Long cache = null;
        Boolean cycle = null;
        List<String> ownedBy = List.of();
        boolean ownedByNone = false;
        while (true) {
            if (ps.acceptKw("as")) {
                as = ps.parseTypeName();
            } else if (ps.acceptKw("increment")) {
                ps.acceptKw("by");
                increment = ps.signedLong();
            } else if (ps.acceptKw("minvalue")) {
                min = ps.signedLong();
            } else if (ps.acceptKw("maxvalue")) {
                max = ps.signedLong();
            } else if (ps.isKw("no") && (ps.isKwAt(1, "minvalue") || ps.isKwAt(1, "maxvalue")
                    || ps.isKwAt(1, "cycle"))) {
                ps.p++;
                if (ps.acceptKw("cycle")) {
                    cycle = Boolean.FALSE;
                } else {
                    ps.p++;
                }
            } else if (ps.acceptKw("start")) {
                ps.acceptKw("with");
                start = ps.signedLong();
            } else if (alter && ps.acceptKw("restart")) {
                ps.acceptKw("with");
                if (ps.kind() == Lexer.INTEGER || ps.isOp("-") || ps.isOp("+")) {
                    restart = ps.signedLong();
                } else {
                    restartDefault = true;
                }
            } else if (ps.acceptKw("cache")) {
                cache = ps.signedLong();
            } else if (ps.acceptKw("cycle")) {
                cycle = Boolean.TRUE;
            } else if (ps.isKw("owned") && ps.isKwAt(1, "by")) {
                ps.p += 2;
                if (ps.acceptKw("none")) {
                    ownedByNone = true;
                    ownedBy = List.of();
                } else {
                    final List<String> parts = new ArrayList<>();
                    parts.add(ps.colId());
                    while (ps.acceptPunct(".")) {
                        parts.add(ps.colLabel());
                    }
                    ownedBy = List.copyOf(parts);
                }
            } else if (ps.isKw("sequence") && ps.isKwAt(1, "name")) {
                ps.p += 2;
                ps.qualifiedName();
            } else {
                break;
            }
        }
        return new SequenceOptions(as, increment, min, max, start, restart, restartDefault, cache, cycle, ownedBy,
                ownedByNone, at);
    }
}
