package io.stratum.compute.sql.parser;

import io.stratum.compute.sql.ast.Expr;
import io.stratum.compute.sql.ast.FrameBound;
import io.stratum.compute.sql.ast.FrameMode;
import io.stratum.compute.sql.ast.FuncCall;
import io.stratum.compute.sql.ast.OrderItem;
import io.stratum.compute.sql.ast.QualifiedName;
import io.stratum.compute.sql.ast.WindowFrame;
import io.stratum.compute.sql.ast.WindowSpec;
import java.util.ArrayList;
import java.util.List;

/** Function calls: arguments, DISTINCT, ORDER BY, WITHIN GROUP, FILTER, and OVER window specifications. */
abstract class CallParser extends TypeParser {
    CallParser(final Lexer lx) {
        super(lx);
    }

    abstract List<OrderItem> parseOrderList();

    /** An expression at the level of generic operators (above comparison, IN, LIKE, BETWEEN): b_expr-like. */
    abstract Expr parseOperand();

    /** {@code expr [, ...]}. */
    abstract List<Expr> exprList();

    /** {@code name ( [DISTINCT|ALL] args [ORDER BY ...] | * ) [WITHIN GROUP (...)] [FILTER (...)] [OVER ...]}. */
    final FuncCall funcCall(final QualifiedName name, final int at) {
        expectPunct("(");
        boolean star = false;
        boolean distinct = false;
        boolean variadic = false;
        List<Expr> args = List.of();
        List<String> argNames = List.of();
        List<OrderItem> orderBy = List.of();
        if (isOp("*")) {
            p++;
            star = true;
        } else if (!isPunct(")")) {
            if (acceptKw("distinct")) {
                distinct = true;
            } else {
                acceptKw("all");
            }
            args = new ArrayList<>();
            List<String> names = null;
            do {
                if (acceptKw("variadic")) {
                    variadic = true;
                }
                String argName = null;
                if ((kind() == Lexer.IDENT || kind() == Lexer.QIDENT)
                        && (kindAt(1) == Lexer.OP && textAt(1).equals("=>") || isPunctAt(1, ":="))) {
                    argName = text();
                    p += 2;
                }
                if (argName != null && names == null) {
                    names = new ArrayList<>();
                    for (int i = 0; i < args.size(); i++) {
                        names.add(null);
                    }
                }
                if (names != null) {
                    names.add(argName);
                }
                args.add(parseExpr());
            } while (acceptPunct(","));
            if (acceptKw("order")) {
                expectKw("by");
                orderBy = parseOrderList();
            }
            args = List.copyOf(args);
            argNames = names == null ? List.of() : java.util.Collections.unmodifiableList(names);
        }
        expectPunct(")");
        boolean withinGroup = false;
        if (isKw("within") && isKwAt(1, "group")) {
            p += 2;
            expectPunct("(");
            expectKw("order");
            expectKw("by");
            orderBy = parseOrderList();
            expectPunct(")");
            withinGroup = true;
        }
        Expr filter = null;
        if (isKw("filter") && isPunctAt(1, "(")) {
            p += 2;
            expectKw("where");
            filter = parseExpr();
            expectPunct(")");
        }
        WindowSpec over = null;
        if (isKw("over") && (isPunctAt(1, "(") || kindAt(1) == Lexer.IDENT || kindAt(1) == Lexer.QIDENT)) {
            p++;
            over = isPunct("(") ? windowSpec() : new WindowSpec(colId(), List.of(), List.of(), null, pos());
        }
        return new FuncCall(name, args, argNames, star, distinct, variadic, orderBy, withinGroup, filter, over, at);
    }

    /** {@code ( [existing] [PARTITION BY ...] [ORDER BY ...] [frame] )}. */
    final WindowSpec windowSpec() {
        final int at = pos();
        expectPunct("(");
        String ref = null;
        if (isColId() && !isKw("partition") && !isKw("order") && !isKw("rows") && !isKw("range")
                && !isKw("groups")) {
            ref = colId();
        }
        List<Expr> partition = List.of();
        if (isKw("partition")) {
            p++;
            expectKw("by");
            partition = exprList();
        }
        List<OrderItem> order = List.of();
        if (isKw("order")) {
            p++;
            expectKw("by");
            order = parseOrderList();
        }
        WindowFrame frame = null;
        if (isKw("rows") || isKw("range") || isKw("groups")) {
            final int fat = pos();
            final FrameMode mode = FrameMode.valueOf(text().toUpperCase(java.util.Locale.ROOT));
            p++;
            final FrameBound start;
            FrameBound end;
            if (acceptKw("between")) {
                start = frameBound();
                expectKw("and");
                end = frameBound();
            } else {
                start = frameBound();
                end = new FrameBound(FrameBound.Kind.CURRENT_ROW, null, start.pos());
            }
            String exclusion = null;
            if (acceptKw("exclude")) {
                if (acceptKw("current")) {
                    expectKw("row");
                    exclusion = "current row";
                } else if (acceptKw("group")) {
                    exclusion = "group";
                } else if (acceptKw("ties")) {
                    exclusion = "ties";
                } else {
                    expectKw("no");
                    expectKw("others");
                    exclusion = "no others";
                }
            }
            frame = new WindowFrame(mode, start, end, exclusion, fat);
        }
        expectPunct(")");
        return new WindowSpec(ref, partition, order, frame, at);
    }

    private FrameBound frameBound() {
        final int at = pos();
        if (acceptKw("unbounded")) {
            if (acceptKw("preceding")) {
                return new FrameBound(FrameBound.Kind.UNBOUNDED_PRECEDING, null, at);
            }
            expectKw("following");
            return new FrameBound(FrameBound.Kind.UNBOUNDED_FOLLOWING, null, at);
        }
        if (isKw("current") && isKwAt(1, "row")) {
            p += 2;
            return new FrameBound(FrameBound.Kind.CURRENT_ROW, null, at);
        }
        final Expr off = parseExpr();
        if (acceptKw("preceding")) {
            return new FrameBound(FrameBound.Kind.PRECEDING, off, at);
        }
        expectKw("following");
        return new FrameBound(FrameBound.Kind.FOLLOWING, off, at);
    }
}
