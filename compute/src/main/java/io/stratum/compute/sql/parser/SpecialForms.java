package io.stratum.compute.sql.parser;

import io.stratum.compute.sql.ast.Expr;
import io.stratum.compute.sql.ast.FuncCall;
import io.stratum.compute.sql.ast.IntLit;
import io.stratum.compute.sql.ast.QualifiedName;
import io.stratum.compute.sql.ast.StringLit;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL-standard call syntax mapped to PostgreSQL's functions: EXTRACT, POSITION, SUBSTRING, TRIM, OVERLAY.
 */
final class SpecialForms {
    private SpecialForms() {
    }

    static Expr parse(final PrimaryParser ps, final String word, final int at) {
        final int save = ps.p;
        ps.p += 2; // word (
        switch (word) {
            case "extract": {
                final int fat = ps.pos();
                final String field;
                if (ps.kind() == Lexer.STRING || ps.kind() == Lexer.QIDENT
                        || ps.kind() == Lexer.IDENT && !ParserBase.RESERVED.contains(ps.text())) {
                    field = ps.text();
                    ps.p++;
                } else {
                    throw ps.syntaxError();
                }
                ps.expectKw("from");
                final Expr x = ps.parseExpr();
                ps.expectPunct(")");
                return call("extract", List.of(new StringLit(field, fat), x), at);
            }
            case "position": {
                if (ps.isPunct(")")) {
                    ps.p++;
                    return call("position", List.of(), at);
                }
                final Expr a = ps.parseOperand();
                ps.expectKw("in");
                final Expr b = ps.parseOperand();
                ps.expectPunct(")");
                return call("position", List.of(b, a), at);
            }
            case "substring": {
                if (ps.isPunct(")")) {
                    break;
                }
                final Expr x = ps.parseExpr();
                Expr from = null;
                Expr len = null;
                if (ps.acceptKw("from")) {
                    from = ps.parseExpr();
                    if (ps.acceptKw("for")) {
                        len = ps.parseExpr();
                    }
                } else if (ps.acceptKw("for")) {
                    len = ps.parseExpr();
                    if (ps.acceptKw("from")) {
                        from = ps.parseExpr();
                    }
                } else if (ps.isKw("similar")) {
                    ps.p++;
                    final Expr pat = ps.parseExpr();
                    ps.expectKw("escape");
                    final Expr esc = ps.parseExpr();
                    ps.expectPunct(")");
                    return call("substring", List.of(x, pat, esc), at);
                } else {
                    break;
                }
                ps.expectPunct(")");
                if (len == null) {
                    return call("substring", List.of(x, from), at);
                }
                return call("substring", List.of(x, from == null ? new IntLit(1, at) : from, len), at);
            }
            case "trim": {
                String fn = "btrim";
                if (ps.acceptKw("leading")) {
                    fn = "ltrim";
                } else if (ps.acceptKw("trailing")) {
                    fn = "rtrim";
                } else {
                    ps.acceptKw("both");
                }
                final List<Expr> args = new ArrayList<>();
                if (ps.acceptKw("from")) {
                    args.addAll(ps.exprList());
                } else {
                    final Expr first = ps.parseExpr();
                    if (ps.acceptKw("from")) {
                        args.addAll(ps.exprList());
                        args.add(first);
                    } else {
                        args.add(first);
                        while (ps.acceptPunct(",")) {
                            args.add(ps.parseExpr());
                        }
                    }
                }
                ps.expectPunct(")");
                return call(fn, List.copyOf(args), at);
            }
            case "overlay": {
                final Expr x = ps.parseExpr();
                if (!ps.acceptKw("placing")) {
                    break;
                }
                final Expr y = ps.parseExpr();
                ps.expectKw("from");
                final Expr from = ps.parseExpr();
                final List<Expr> args = new ArrayList<>(List.of(x, y, from));
                if (ps.acceptKw("for")) {
                    args.add(ps.parseExpr());
                }
                ps.expectPunct(")");
                return call("overlay", List.copyOf(args), at);
            }
            default:
                break;
        }
        // plain call syntax: substring(x, 1, 2), overlay(...) as a function
        ps.p = save;
        return ps.nameOrCall();
    }

    private static FuncCall call(final String name, final List<Expr> args, final int at) {
        return FuncCall.of(new QualifiedName(null, "pg_catalog", name, at), args, at);
    }
}
