package io.stratum.compute.sql.parser;

import io.stratum.compute.sql.ast.Analyze;
import io.stratum.compute.sql.ast.Begin;
import io.stratum.compute.sql.ast.Checkpoint;
import io.stratum.compute.sql.ast.Commit;
import io.stratum.compute.sql.ast.Deallocate;
import io.stratum.compute.sql.ast.Discard;
import io.stratum.compute.sql.ast.Execute;
import io.stratum.compute.sql.ast.Explain;
import io.stratum.compute.sql.ast.Expr;
import io.stratum.compute.sql.ast.Listen;
import io.stratum.compute.sql.ast.LockTable;
import io.stratum.compute.sql.ast.Notify;
import io.stratum.compute.sql.ast.Option;
import io.stratum.compute.sql.ast.Prepare;
import io.stratum.compute.sql.ast.QualifiedName;
import io.stratum.compute.sql.ast.ReleaseSavepoint;
import io.stratum.compute.sql.ast.Rollback;
import io.stratum.compute.sql.ast.RollbackTo;
import io.stratum.compute.sql.ast.Savepoint;
import io.stratum.compute.sql.ast.Statement;
import io.stratum.compute.sql.ast.TypeName;
import io.stratum.compute.sql.ast.Unlisten;
import io.stratum.compute.sql.ast.Vacuum;
import io.stratum.compute.sql.ast.VacuumTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Statement dispatch and the utility statements (transactions, SET/SHOW, VACUUM, EXPLAIN, PREPARE, ...). */
final class StatementParser extends DdlParser {
    StatementParser(final Lexer lx) {
        super(lx);
    }

    /** All statements up to EOF; empty statements are skipped. */
    List<Statement> parseAll() {
        final List<Statement> out = new ArrayList<>();
        while (kind() != Lexer.EOF) {
            if (acceptPunct(";")) {
                continue;
            }
            out.add(parseStatement());
            if (kind() != Lexer.EOF && !isPunct(";")) {
                throw syntaxError();
            }
        }
        return out;
    }

    Statement parseStatement() {
        final int at = pos();
        if (kind() == Lexer.PUNCT && isPunct("(")) {
            return parseQuery();
        }
        if (kind() != Lexer.IDENT) {
            throw syntaxError();
        }
        switch (text()) {
            case "select", "values", "table", "with", "insert", "update", "delete":
                return parsePreparable();
            case "truncate":
                return parseTruncate(at);
            case "copy":
                return parseCopy(at);
            case "create":
                return parseCreate(at);
            case "alter":
                return parseAlter(at);
            case "drop":
                return parseDrop(at);
            case "begin":
                p++;
                if (!acceptKw("work")) {
                    acceptKw("transaction");
                }
                return new Begin(TransactionModesParser.parse(this), false, at);
            case "start":
                p++;
                expectKw("transaction");
                return new Begin(TransactionModesParser.parse(this), true, at);
            case "commit", "end":
                p++;
                if (isKw("prepared")) {
                    throw error("0A000", "COMMIT PREPARED is not supported", pos());
                }
                optWork();
                return new Commit(chain(), at);
            case "abort", "rollback":
                p++;
                if (isKw("prepared")) {
                    throw error("0A000", "ROLLBACK PREPARED is not supported", pos());
                }
                optWork();
                if (acceptKw("to")) {
                    acceptKw("savepoint");
                    return new RollbackTo(colId(), at);
                }
                return new Rollback(chain(), at);
            case "savepoint":
                p++;
                return new Savepoint(colId(), at);
            case "release":
                p++;
                acceptKw("savepoint");
                return new ReleaseSavepoint(colId(), at);
            case "set":
                return SetShowParser.parseSet(this, at);
            case "show":
                return SetShowParser.parseShow(this, at);
            case "reset":
                return SetShowParser.parseReset(this, at);
            case "vacuum":
                return vacuum(at);
            case "analyze", "analyse": {
                p++;
                boolean verbose = acceptKw("verbose");
                if (isPunct("(")) {
                    for (Option o : optionList()) {
                        if (o.name().equals("verbose")) {
                            verbose = isTrue(o);
                        }
                    }
                }
                return new Analyze(verbose, vacuumTargets(), at);
            }
            case "explain":
                return explain(at);
            case "prepare": {
                p++;
                if (isKw("transaction")) {
                    throw error("0A000", "PREPARE TRANSACTION is not supported", pos());
                }
                final String name = colId();
                List<TypeName> types = List.of();
                if (acceptPunct("(")) {
                    final List<TypeName> ts = new ArrayList<>();
                    do {
                        ts.add(parseTypeName());
                    } while (acceptPunct(","));
                    expectPunct(")");
                    types = List.copyOf(ts);
                }
                expectKw("as");
                final int bodyStart = pos();
                final Statement stmt = parseStatement();
                final String text = src.substring(bodyStart, lx.end[p - 1]);
                return new Prepare(name, types, stmt, text, at);
            }
            case "execute": {
                p++;
                final String name = colId();
                List<Expr> args = List.of();
                if (acceptPunct("(")) {
                    args = exprList();
                    expectPunct(")");
                }
                return new Execute(name, args, at);
            }
            case "deallocate":
                p++;
                acceptKw("prepare");
                if (acceptKw("all")) {
                    return new Deallocate(null, at);
                }
                return new Deallocate(colId(), at);
            case "discard": {
                p++;
                final String what;
                if (acceptKw("all")) {
                    what = "all";
                } else if (acceptKw("plans")) {
                    what = "plans";
                } else if (acceptKw("sequences")) {
                    what = "sequences";
                } else if (acceptKw("temp") || acceptKw("temporary")) {
                    what = "temp";
                } else {
                    throw syntaxError();
                }
                return new Discard(what, at);
            }
            case "listen":
                p++;
                return new Listen(colId(), at);
            case "notify": {
                p++;
                final String channel = colId();
                String payload = null;
                if (acceptPunct(",")) {
                    if (kind() != Lexer.STRING) {
                        throw syntaxError();
                    }
                    payload = text();
                    p++;
                }
                return new Notify(channel, payload, at);
            }
            case "unlisten":
                p++;
                if (acceptOp("*")) {
                    return new Unlisten(null, at);
                }
                return new Unlisten(colId(), at);
            case "checkpoint":
                p++;
                return new Checkpoint(at);
            case "lock":
                return lock(at);
            case "comment":
                return MiscParser.comment(this, at);
            case "declare":
                return MiscParser.declare(this, at);
            case "fetch", "move":
                return MiscParser.fetch(this, at);
            case "close":
                return MiscParser.close(this, at);
            case "grant", "revoke":
                return MiscParser.grantRevoke(this, at);
            default:
                throw syntaxError();
        }
    }

    private void optWork() {
        if (!acceptKw("work")) {
            acceptKw("transaction");
        }
    }

    private boolean chain() {
        if (acceptKw("and")) {
            final boolean no = acceptKw("no");
            expectKw("chain");
            return !no;
        }
        return false;
    }

    static boolean isTrue(final Option o) {
        final String v = o.value();
        if (v == null) {
            return true;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "false", "off", "0", "no" -> false;
            default -> true;
        };
    }

    private Vacuum vacuum(final int at) {
        p++;
        boolean full = false;
        boolean freeze = false;
        boolean verbose = false;
        boolean analyze = false;
        final List<Option> options = new ArrayList<>();
        if (isPunct("(")) {
            for (Option o : optionList()) {
                options.add(o);
                switch (o.name()) {
                    case "full" -> full = isTrue(o);
                    case "freeze" -> freeze = isTrue(o);
                    case "verbose" -> verbose = isTrue(o);
                    case "analyze", "analyse" -> analyze = isTrue(o);
                    default -> {
                    }
                }
            }
        } else {
            while (true) {
                final int oat = pos();
                if (acceptKw("full")) {
                    full = true;
                    options.add(new Option("full", List.of(), oat));
                } else if (acceptKw("freeze")) {
                    freeze = true;
                    options.add(new Option("freeze", List.of(), oat));
                } else if (acceptKw("verbose")) {
                    verbose = true;
                    options.add(new Option("verbose", List.of(), oat));
                } else if (acceptKw("analyze") || acceptKw("analyse")) {
                    analyze = true;
                    options.add(new Option("analyze", List.of(), oat));
                } else {
                    break;
                }
            }
        }
        return new Vacuum(full, freeze, verbose, analyze, List.copyOf(options), vacuumTargets(), at);
    }

    private List<VacuumTarget> vacuumTargets() {
        if (atEnd()) {
            return List.of();
        }
        final List<VacuumTarget> out = new ArrayList<>();
        do {
            final int at = pos();
            final QualifiedName t = qualifiedName();
            final List<String> cols = isPunct("(") ? parenNameList() : List.of();
            out.add(new VacuumTarget(t, cols, at));
        } while (acceptPunct(","));
        return List.copyOf(out);
    }

    private Explain explain(final int at) {
        p++;
        boolean analyze = false;
        boolean verbose = false;
        final List<Option> options = new ArrayList<>();
        if (isPunct("(")) {
            for (Option o : optionList()) {
                options.add(o);
                if (o.name().equals("analyze") || o.name().equals("analyse")) {
                    analyze = isTrue(o);
                } else if (o.name().equals("verbose")) {
                    verbose = isTrue(o);
                }
            }
        } else {
            final int oat = pos();
            if (acceptKw("analyze") || acceptKw("analyse")) {
                analyze = true;
                options.add(new Option("analyze", List.of(), oat));
            }
            final int vat = pos();
            if (acceptKw("verbose")) {
                verbose = true;
                options.add(new Option("verbose", List.of(), vat));
            }
        }
        final Statement stmt = parseStatement();
        return new Explain(stmt, analyze, verbose, List.copyOf(options), at);
    }

    private LockTable lock(final int at) {
        p++;
        acceptKw("table");
        final List<QualifiedName> tables = new ArrayList<>();
        do {
            acceptKw("only");
            tables.add(qualifiedName());
            acceptOp("*");
        } while (acceptPunct(","));
        String mode = "access exclusive";
        if (acceptKw("in")) {
            final StringBuilder sb = new StringBuilder();
            while (!isKw("mode")) {
                if (kind() != Lexer.IDENT) {
                    throw syntaxError();
                }
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(text());
                p++;
            }
            p++;
            mode = sb.toString();
        }
        final boolean nowait = acceptKw("nowait");
        return new LockTable(List.copyOf(tables), mode, nowait, at);
    }
}
