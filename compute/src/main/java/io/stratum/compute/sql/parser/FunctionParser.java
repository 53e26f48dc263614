package io.stratum.compute.sql.parser;

import io.stratum.compute.sql.ast.CreateFunction;
import io.stratum.compute.sql.ast.DropFunction;
import io.stratum.compute.sql.ast.FunctionArg;
import io.stratum.compute.sql.ast.QualifiedName;
import io.stratum.compute.sql.ast.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code CREATE [OR REPLACE] FUNCTION} and {@code DROP FUNCTION}, by PostgreSQL 15's grammar (CreateFunctionStmt). */
final class FunctionParser {
    private FunctionParser() {
    }

    /** At FUNCTION, after {@code CREATE [OR REPLACE]}. */
    static CreateFunction create(final DdlParser ps, final boolean orReplace, final int at) {
        ps.expectKw("function");
        final QualifiedName name = ps.qualifiedName();
        final List<FunctionArg> args = argList(ps, true);
        TypeName returns = null;
        boolean setof = false;
        final List<FunctionArg> table = new ArrayList<>();
        if (ps.acceptKw("returns")) {
            if (ps.isKw("table") && ps.isPunctAt(1, "(")) {
                ps.p += 2;
                do {
                    final int cp = ps.pos();
                    final String col = ps.colLabel();
                    table.add(new FunctionArg('t', col, ps.parseTypeName(), null, cp));
                } while (ps.acceptPunct(","));
                ps.expectPunct(")");
                setof = true;
            } else {
                setof = ps.acceptKw("setof");
                returns = ps.parseTypeName();
            }
        }
        String language = null;
        char volatility = 0;
        Boolean strict = null;
        String body = null;
        boolean returnForm = false;
        while (!ps.atEnd()) {
            final int optAt = ps.pos();
            if (ps.acceptKw("language")) {
                language = once(ps, language, optAt, ps.kind() == Lexer.STRING ? ps.lx.text[ps.p++] : ps.colLabel())
                    .toLowerCase(Locale.ROOT);
            } else if (ps.isKw("immutable") || ps.isKw("stable") || ps.isKw("volatile")) {
                volatility = onceChar(ps, volatility, optAt, ps.lx.text[ps.p++].charAt(0));
            } else if (ps.acceptKw("strict")) {
                strict = onceBool(ps, strict, optAt, true);
            } else if (ps.isKw("returns") && ps.isKwAt(1, "null")) {
                ps.p += 2;
                ps.expectKw("on");
                ps.expectKw("null");
                ps.expectKw("input");
                strict = onceBool(ps, strict, optAt, true);
            } else if (ps.acceptKw("called")) {
                ps.expectKw("on");
                ps.expectKw("null");
                ps.expectKw("input");
                strict = onceBool(ps, strict, optAt, false);
            } else if (ps.acceptKw("not")) {
                ps.expectKw("leakproof");
            } else if (ps.acceptKw("leakproof")) {
                continue;
            } else if (ps.acceptKw("external") || ps.isKw("security")) {
                ps.expectKw("security");
                if (!ps.acceptKw("invoker")) {
                    ps.expectKw("definer");
                }
            } else if (ps.acceptKw("parallel")) {
                if (!ps.acceptKw("safe") && !ps.acceptKw("restricted") && !ps.acceptKw("unsafe")) {
                    throw ps.syntaxError();
                }
            } else if (ps.acceptKw("cost") || ps.acceptKw("rows")) {
                if (ps.kind() != Lexer.INTEGER && ps.kind() != Lexer.NUMERIC) {
                    throw ps.syntaxError();
                }
                ps.p++;
            } else if (ps.acceptKw("as")) {
                if (ps.kind() != Lexer.STRING) {
                    throw ps.syntaxError();
                }
                body = once(ps, body, optAt, ps.lx.text[ps.p++]);
                if (ps.acceptPunct(",")) {
                    throw ps.error("0A000", "only SQL-language functions are supported (AS 'object file', 'link symbol')", optAt);
                }
            } else if (ps.isKw("return")) {
                final int start = ps.pos();
                ps.p++;
                ps.parseExpr();
                body = once(ps, body, optAt, ps.src.substring(start, ps.lx.end[ps.p - 1]));
                returnForm = true;
            } else if (ps.isKw("begin") && ps.isKwAt(1, "atomic")) {
                throw ps.error("0A000", "BEGIN ATOMIC function bodies are not supported", optAt);
            } else if (ps.isKw("set") || ps.isKw("window") || ps.isKw("transform") || ps.isKw("support")) {
                throw ps.error("0A000", "function option " + ps.text().toUpperCase(Locale.ROOT) + " is not supported", optAt);
            } else {
                throw ps.syntaxError();
            }
        }
        if (returnForm && language == null) {
            language = "sql";
        }
        return new CreateFunction(name, orReplace, List.copyOf(args), returns, setof, List.copyOf(table),
            language, volatility == 0 ? 'v' : volatility, strict != null && strict, body, at);
    }

    /** At FUNCTION, after DROP. */
    static DropFunction drop(final DdlParser ps, final int at) {
        ps.expectKw("function");
        final boolean ie = ps.ifExists();
        final List<DropFunction.Signature> fs = new ArrayList<>();
        do {
            final QualifiedName n = ps.qualifiedName();
            fs.add(new DropFunction.Signature(n, ps.isPunct("(") ? argList(ps, false) : null));
        } while (ps.acceptPunct(","));
        return new DropFunction(ie, List.copyOf(fs), ps.dropBehavior(), at);
    }

    /** {@code ( [arg [, ...]] )}; defaults only where {@code defaults}. */
    private static List<FunctionArg> argList(final DdlParser ps, final boolean defaults) {
        ps.expectPunct("(");
        final List<FunctionArg> out = new ArrayList<>();
        if (ps.acceptPunct(")")) {
            return out;
        }
        do {
            out.add(arg(ps, defaults));
        } while (ps.acceptPunct(","));
        ps.expectPunct(")");
        return out;
    }

    private static FunctionArg arg(final DdlParser ps, final boolean defaults) {
        final int at = ps.pos();
        char mode = 'i';
        if (ps.acceptKw("in")) {
            mode = ps.acceptKw("out") ? 'b' : 'i';
        } else if (ps.acceptKw("out")) {
            mode = 'o';
        } else if (ps.acceptKw("inout")) {
            mode = 'b';
        } else if (ps.acceptKw("variadic")) {
            mode = 'v';
        }
        // [name] type: a type followed by something other than the argument's end was the name
        final int start = ps.p;
        String name = null;
        TypeName type = ps.parseTypeName();
        if (!argEnd(ps)) {
            ps.p = start;
            name = ps.lx.text[ps.p++];
            type = ps.parseTypeName();
        }
        String dflt = null;
        if (ps.isKw("default") || ps.isOp("=")) {
            if (!defaults) {
                throw ps.syntaxError();
            }
            ps.p++;
            final int from = ps.pos();
            ps.parseExpr();
            dflt = ps.src.substring(from, ps.lx.end[ps.p - 1]);
        }
        return new FunctionArg(mode, name, type, dflt, at);
    }

    private static boolean argEnd(final DdlParser ps) {
        return ps.isPunct(",") || ps.isPunct(")") || ps.isKw("default") || ps.isOp("=");
    }

    private static String once(final DdlParser ps, final String old, final int at, final String v) {
        if (old != null) {
            throw ps.error("42601", "conflicting or redundant options", at);
        }
        return v;
    }

    private static char onceChar(final DdlParser ps, final char old, final int at, final char v) {
        if (old != 0) {
            throw ps.error("42601", "conflicting or redundant options", at);
        }
        return v;
    }

    private static Boolean onceBool(final DdlParser ps, final Boolean old, final int at, final boolean v) {
        if (old != null) {
            throw ps.error("42601", "conflicting or redundant options", at);
        }
        return v;
    }
}
