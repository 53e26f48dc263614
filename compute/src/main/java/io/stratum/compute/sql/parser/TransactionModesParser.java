package io.stratum.compute.sql.parser;

import io.stratum.compute.sql.ast.IsolationLevel;
import io.stratum.compute.sql.ast.TransactionModes;

/** {@code ISOLATION LEVEL ..., READ ONLY | READ WRITE, [NOT] DEFERRABLE}, separated by commas or blanks. */
final class TransactionModesParser {
    private TransactionModesParser() {
    }

    static TransactionModes parse(final ParserBase ps) {
        final int at = ps.pos();
        IsolationLevel iso = null;
        Boolean readOnly = null;
        Boolean deferrable = null;
        boolean first = true;
        while (true) {
            final int save = ps.p;
            if (!first && !ps.acceptPunct(",")) {
                ps.p = save;
            }
            if (ps.isKw("isolation") && ps.isKwAt(1, "level")) {
                ps.p += 2;
                iso = level(ps);
            } else if (ps.isKw("read") && ps.isKwAt(1, "only")) {
                ps.p += 2;
                readOnly = Boolean.TRUE;
            } else if (ps.isKw("read") && ps.isKwAt(1, "write")) {
                ps.p += 2;
                readOnly = Boolean.FALSE;
            } else if (ps.acceptKw("deferrable")) {
                deferrable = Boolean.TRUE;
            } else if (ps.isKw("not") && ps.isKwAt(1, "deferrable")) {
                ps.p += 2;
                deferrable = Boolean.FALSE;
            } else {
                if (ps.p != save) {
                    throw ps.syntaxError();
                }
                break;
            }
            first = false;
        }
        return new TransactionModes(iso, readOnly, deferrable, at);
    }

    private static IsolationLevel level(final ParserBase ps) {
        if (ps.acceptKw("serializable")) {
            return IsolationLevel.SERIALIZABLE;
        }
        if (ps.acceptKw("repeatable")) {
            ps.expectKw("read");
            return IsolationLevel.REPEATABLE_READ;
        }
        ps.expectKw("read");
        if (ps.acceptKw("committed")) {
            return IsolationLevel.READ_COMMITTED;
        }
        ps.expectKw("uncommitted");
        return IsolationLevel.READ_UNCOMMITTED;
    }
}
