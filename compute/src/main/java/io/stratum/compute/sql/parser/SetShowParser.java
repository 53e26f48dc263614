package io.stratum.compute.sql.parser;

import io.stratum.compute.sql.ast.Reset;
import io.stratum.compute.sql.ast.SetScope;
import io.stratum.compute.sql.ast.SetTransaction;
import io.stratum.compute.sql.ast.SetVariable;
import io.stratum.compute.sql.ast.Show;
import io.stratum.compute.sql.ast.Statement;
import java.util.ArrayList;
import java.util.List;

/** SET, SHOW and RESET in all their spellings. */
final class SetShowParser {
    private SetShowParser() {
    }

    static Statement parseSet(final StatementParser ps, final int at) {
        ps.expectKw("set");
        if (ps.isKw("session") && ps.isKwAt(1, "characteristics")) {
            ps.p += 2;
            ps.expectKw("as");
            ps.expectKw("transaction");
            return new SetTransaction(TransactionModesParser.parse(ps), true, at);
        }
        if (ps.isKw("constraints")) {
            ps.p++;
            List<io.stratum.compute.sql.ast.QualifiedName> names = List.of();
            if (!ps.acceptKw("all")) {
                names = List.copyOf(ps.qualifiedNameList());
            }
            final boolean deferred = ps.acceptKw("deferred");
            if (!deferred) {
                ps.expectKw("immediate");
            }
            return new io.stratum.compute.sql.ast.SetConstraints(names, deferred, at);
        }
        SetScope scope = SetScope.SESSION;
        if (ps.isKw("local") && ps.kindAt(1) != Lexer.OP && !ps.isKwAt(1, "to")) {
            ps.p++;
            scope = SetScope.LOCAL;
        } else if (ps.isKw("session") && ps.kindAt(1) != Lexer.OP && !ps.isKwAt(1, "to")
                && !ps.isKwAt(1, "authorization")) {
            ps.p++;
        }
        if (ps.acceptKw("transaction")) {
            if (ps.isKw("snapshot")) {
                throw ps.error("0A000", "SET TRANSACTION SNAPSHOT is not supported", ps.pos());
            }
            return new SetTransaction(TransactionModesParser.parse(ps), false, at);
        }
        if (ps.isKw("time") && ps.isKwAt(1, "zone")) {
            ps.p += 2;
            if (ps.acceptKw("local") || ps.acceptKw("default")) {
                return new SetVariable(scope, "timezone", List.of(), true, at);
            }
            if (ps.acceptKw("interval")) {
                final String v = value(ps);
                ps.intervalFields();
                return new SetVariable(scope, "timezone", List.of(v), false, at);
            }
            return new SetVariable(scope, "timezone", List.of(value(ps)), false, at);
        }
        if (ps.isKw("names") && ps.kindAt(1) != Lexer.OP && !ps.isKwAt(1, "to")) {
            ps.p++;
            if (ps.atEnd() || ps.acceptKw("default")) {
                return new SetVariable(scope, "client_encoding", List.of(), true, at);
            }
            return new SetVariable(scope, "client_encoding", List.of(value(ps)), false, at);
        }
        if (ps.isKw("schema") && ps.kindAt(1) == Lexer.STRING) {
            ps.p++;
            return new SetVariable(scope, "search_path", List.of(value(ps)), false, at);
        }
        if (ps.isKw("role") && ps.kindAt(1) != Lexer.OP && !ps.isKwAt(1, "to")) {
            ps.p++;
            if (ps.acceptKw("none")) {
                return new SetVariable(scope, "role", List.of("none"), false, at);
            }
            return new SetVariable(scope, "role", List.of(value(ps)), false, at);
        }
        if (ps.isKw("session") && ps.isKwAt(1, "authorization")) {
            ps.p += 2;
            if (ps.acceptKw("default")) {
                return new SetVariable(scope, "session_authorization", List.of(), true, at);
            }
            return new SetVariable(scope, "session_authorization", List.of(value(ps)), false, at);
        }
        final String name = varName(ps);
        if (!ps.acceptKw("to") && !ps.acceptOp("=")) {
            throw ps.syntaxError();
        }
        if (ps.isKw("default") && (ps.kindAt(1) == Lexer.EOF || ps.isPunctAt(1, ";"))) {
            ps.p++;
            return new SetVariable(scope, name, List.of(), true, at);
        }
        final List<String> values = new ArrayList<>();
        do {
            values.add(value(ps));
        } while (ps.acceptPunct(","));
        return new SetVariable(scope, name, List.copyOf(values), false, at);
    }

    private static String varName(final ParserBase ps) {
        String name = ps.colLabel();
        while (ps.acceptPunct(".")) {
            name = name + "." + ps.colLabel();
        }
        return name;
    }

    private static String value(final StatementParser ps) {
        return ps.optionValue();
    }

    static Statement parseShow(final StatementParser ps, final int at) {
        ps.expectKw("show");
        if (ps.isKw("time") && ps.isKwAt(1, "zone")) {
            ps.p += 2;
            return new Show("timezone", at);
        }
        if (ps.isKw("transaction") && ps.isKwAt(1, "isolation")) {
            ps.p += 2;
            ps.expectKw("level");
            return new Show("transaction_isolation", at);
        }
        if (ps.isKw("session") && ps.isKwAt(1, "authorization")) {
            ps.p += 2;
            return new Show("session_authorization", at);
        }
        if (ps.acceptKw("all")) {
            return new Show("all", at);
        }
        return new Show(varName(ps), at);
    }

    static Statement parseReset(final StatementParser ps, final int at) {
        ps.expectKw("reset");
        if (ps.isKw("time") && ps.isKwAt(1, "zone")) {
            ps.p += 2;
            return new Reset("timezone", at);
        }
        if (ps.isKw("session") && ps.isKwAt(1, "authorization")) {
            ps.p += 2;
            return new Reset("session_authorization", at);
        }
        if (ps.isKw("transaction") && ps.isKwAt(1, "isolation")) {
            ps.p += 2;
            ps.expectKw("level");
            return new Reset("transaction_isolation", at);
        }
        if (ps.acceptKw("all")) {
            return new Reset("all", at);
        }
        return new Reset(varName(ps), at);
    }
}
