package io.stratum.compute.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratum.compute.sql.ast.*;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random expression trees printed with the fewest parentheses PostgreSQL's precedence allows parse back
 * to the same tree; printed fully parenthesised they parse back too.
 */
class PrecedencePropertyTest {
    private static final int OR = 1;
    private static final int AND = 2;
    private static final int NOT = 3;
    private static final int IS = 4;
    private static final int CMP = 5;
    private static final int PATTERN = 6;
    private static final int OTHER = 7;
    private static final int ADD = 8;
    private static final int MUL = 9;
    private static final int EXP = 10;
    private static final int UNARY = 12;
    private static final int POSTFIX = 13;
    private static final int PRIMARY = 14;

    @Provide
    Arbitrary<Expr> exprs() {
        return expr(4);
    }

    private Arbitrary<Expr> expr(final int depth) {
        final Arbitrary<Expr> leaf = Arbitraries.oneOf(
                Arbitraries.of("a", "b", "c").map(n -> (Expr) new ColumnRef(List.of(n), 0)),
                Arbitraries.longs().between(0, 1000).map(v -> (Expr) new IntLit(v, 0)),
                Arbitraries.of("x", "y;z", "it's").map(v -> (Expr) new StringLit(v, 0)),
                Arbitraries.integers().between(1, 9).map(i -> (Expr) new Param(i, 0)));
        if (depth == 0) {
            return leaf;
        }
        final Arbitrary<Expr> sub = Arbitraries.lazy(() -> expr(depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf),
                net.jqwik.api.Tuple.of(4, net.jqwik.api.Combinators.combine(sub, sub,
                        Arbitraries.of("+", "-", "*", "/", "%", "^", "||", "=", "<", "<>", ">=", "~", "!~", "@>", "&"))
                        .as((l, r, op) -> (Expr) new BinaryOp(l, op, null, r, 0))),
                net.jqwik.api.Tuple.of(1, net.jqwik.api.Combinators.combine(sub, sub).as((l, r) -> (Expr) new And(l, r, 0))),
                net.jqwik.api.Tuple.of(1, net.jqwik.api.Combinators.combine(sub, sub).as((l, r) -> (Expr) new Or(l, r, 0))),
                net.jqwik.api.Tuple.of(1, sub.map(e -> (Expr) new Not(e, 0))),
                net.jqwik.api.Tuple.of(1, net.jqwik.api.Combinators.combine(sub, Arbitraries.of(true, false))
                        .as((e, n) -> (Expr) new IsNull(e, n, 0))),
                net.jqwik.api.Tuple.of(1, net.jqwik.api.Combinators.combine(sub, sub, sub, Arbitraries.of(true, false))
                        .as((e, lo, hi, n) -> (Expr) new Between(e, lo, hi, n, false, 0))),
                net.jqwik.api.Tuple.of(1, net.jqwik.api.Combinators.combine(sub, sub.list().ofMinSize(1).ofMaxSize(3),
                        Arbitraries.of(true, false)).as((e, l, n) -> (Expr) new InList(e, l, n, 0))),
                net.jqwik.api.Tuple.of(1, net.jqwik.api.Combinators.combine(sub, sub, Arbitraries.of(LikeKind.values()),
                        Arbitraries.of(true, false)).as((e, pat, k, n) -> (Expr) new Like(e, pat, null, k, n, 0))),
                net.jqwik.api.Tuple.of(1, net.jqwik.api.Combinators.combine(sub, Arbitraries.of("int4", "text", "numeric"))
                        .as((e, t) -> (Expr) new Cast(e, TypeName.of(t, 0), 0))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("a", "b").map(n -> (Expr) new UnaryOp("-", null,
                        new ColumnRef(List.of(n), 0), 0))),
                net.jqwik.api.Tuple.of(1, sub.list().ofMinSize(0).ofMaxSize(3).map(args -> (Expr) FuncCall.of(
                        QualifiedName.of("f", 0), args, 0))));
    }

    @Property(tries = 300)
    void minimalParenthesesParseBackToTheSameTree(@ForAll("exprs") final Expr e) {
        final String minimal = print(e);
        final String expected = Printer.expr(e);
        assertEquals(expected, ExprParserTest.tree(minimal), minimal);
    }

    @Property(tries = 200)
    void fullParenthesesParseBack(@ForAll("exprs") final Expr e) {
        final String full = Printer.expr(e);
        assertEquals(full, ExprParserTest.tree(full));
    }

    private static int level(final Expr e) {
        if (e instanceof Or) {
            return OR;
        }
        if (e instanceof And) {
            return AND;
        }
        if (e instanceof Not) {
            return NOT;
        }
        if (e instanceof IsNull) {
            return IS;
        }
        if (e instanceof Between || e instanceof InList || e instanceof Like) {
            return PATTERN;
        }
        if (e instanceof BinaryOp b) {
            return switch (b.op()) {
                case "=", "<", "<>", ">=" -> CMP;
                case "+", "-" -> ADD;
                case "*", "/", "%" -> MUL;
                case "^" -> EXP;
                default -> OTHER;
            };
        }
        if (e instanceof UnaryOp) {
            return UNARY;
        }
        if (e instanceof Cast) {
            return POSTFIX;
        }
        return PRIMARY;
    }

    /** Prints {@code e}, parenthesising a child only when its level is below {@code min}. */
    private static String print(final Expr e, final int min) {
        final String s = print(e);
        return level(e) < min ? "(" + s + ")" : s;
    }

    static String print(final Expr e) {
        final int lv = level(e);
        if (e instanceof Or o) {
            return print(o.left(), OR) + " OR " + print(o.right(), OR + 1);
        }
        if (e instanceof And a) {
            return print(a.left(), AND) + " AND " + print(a.right(), AND + 1);
        }
        if (e instanceof Not n) {
            return "NOT " + print(n.operand(), NOT);
        }
        if (e instanceof IsNull i) {
            return print(i.operand(), IS + 1) + (i.not() ? " IS NOT NULL" : " IS NULL");
        }
        if (e instanceof Between b) {
            return print(b.operand(), PATTERN + 1) + (b.not() ? " NOT" : "") + " BETWEEN " + print(b.low(), PATTERN + 1)
                    + " AND " + print(b.high(), PATTERN + 1);
        }
        if (e instanceof InList i) {
            return print(i.operand(), PATTERN + 1) + (i.not() ? " NOT" : "") + " IN (" + String.join(", ",
                    i.list().stream().map(x -> print(x, OR)).toList()) + ")";
        }
        if (e instanceof Like l) {
            final String kw = switch (l.kind()) {
                case LIKE -> " LIKE ";
                case ILIKE -> " ILIKE ";
                case SIMILAR -> " SIMILAR TO ";
            };
            return print(l.operand(), PATTERN + 1) + (l.not() ? " NOT" : "") + kw + print(l.pattern(), PATTERN + 1);
        }
        if (e instanceof BinaryOp b) {
            final int right = lv == CMP ? CMP + 1 : lv + 1;
            final int left = lv == CMP ? CMP + 1 : lv;
            return print(b.left(), left) + " " + b.op() + " " + print(b.right(), right);
        }
        if (e instanceof UnaryOp u) {
            return "- " + print(u.operand(), UNARY);
        }
        if (e instanceof Cast c) {
            return print(c.operand(), POSTFIX) + "::" + c.type().name();
        }
        if (e instanceof FuncCall f) {
            return f.name().name() + "(" + String.join(", ", f.args().stream().map(x -> print(x, OR)).toList()) + ")";
        }
        return Printer.expr(e);
    }
}
