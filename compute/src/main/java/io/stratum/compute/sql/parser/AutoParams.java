package io.stratum.compute.sql.parser;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Turns the numeric literals of a simple-protocol DML statement into parameters, so that statements that
 * differ only in their numbers ({@code UPDATE t SET v = v + 17 WHERE id = 4}, as pgbench and most ORMs'
 * simple mode send them) share one parsed and bound plan. Each literal becomes a parameter of the type
 * PostgreSQL gives that literal (int4 when it fits in 32 bits, else int8, else numeric; numeric for a
 * decimal point or an exponent), so operator and function resolution, coercion and results are those of
 * the literal.
 * <p>Only statements where a number cannot mean anything but a value qualify: SELECT, INSERT, UPDATE and
 * DELETE without ORDER BY, GROUP BY, DISTINCT (positional references), windows, LIMIT, OFFSET or FETCH, and
 * without parameters of their own. Grammar positions that need a literal (type modifiers such as
 * {@code numeric(10,2)}) fail to parse with a parameter there; the caller then prepares the text as sent.
 * String literals stay as they are: their type comes from context.
 * <p>Threads: none; static and stateless.
 */
public final class AutoParams {
    /** More literals than this (a long multi-row VALUES) are not worth a cached plan. */
    public static final int MAX_LITERALS = 32;

    private static final Set<String> FIRST = Set.of("select", "insert", "update", "delete");
    private static final Set<String> POSITIONAL = Set.of("order", "group", "distinct", "window", "over", "limit",
        "offset", "fetch");

    /**
     * A statement with its numbers taken out.
     *
     * @param sql the text with {@code $1..$n} where the numbers were
     * @param types the type of each parameter, as PostgreSQL types the literal
     * @param values each literal's value (Integer, Long or BigDecimal)
     */
    public record Parameterized(String sql, List<PgType> types, Object[] values) {}

    /** Keywords after which an expression starts, so a minus there is unary. */
    private static final Set<String> UNARY_AFTER = Set.of("select", "where", "and", "or", "not", "then", "else",
        "when", "case", "between", "having", "on", "returning", "like", "ilike", "escape", "set", "values");

    private AutoParams() {
    }

    /** The statement with its numeric literals as parameters, or null when it does not qualify. */
    public static Parameterized of(final String sql) {
        final Lexer lx;
        try {
            lx = Lexer.lexLazily(sql);
        } catch (final SqlException e) {
            return null;
        }
        final int n = lx.count;
        if (n < 2 || lx.kind[0] != Lexer.IDENT || !FIRST.contains(lx.word(0))) {
            return null;
        }
        int literals = 0;
        for (int i = 0; i < n; i++) {
            final byte k = lx.kind[i];
            if (k == Lexer.PARAM || k == Lexer.PUNCT && ";".equals(lx.text[i])
                || k == Lexer.IDENT && positional(lx, i)) {
                return null;
            }
            if (k == Lexer.INTEGER || k == Lexer.NUMERIC) {
                if (++literals > MAX_LITERALS) {
                    return null;
                }
            }
        }
        if (literals == 0) {
            return null;
        }
        // A minus before a number is part of the constant when it is unary (PostgreSQL's doNegate):
        // -2147483648 is an int4. Where it cannot be told unary from binary, the statement does not qualify.
        final boolean[] negated = new boolean[n];
        for (int i = 1; i < n; i++) {
            if ((lx.kind[i] == Lexer.INTEGER || lx.kind[i] == Lexer.NUMERIC) && isOp(lx, i - 1, "-")) {
                final int context = unaryContext(lx, i - 2);
                if (context < 0) {
                    return null;
                }
                final boolean postfix = i + 1 < n && lx.kind[i + 1] == Lexer.PUNCT
                    && ("::".equals(lx.text[i + 1]) || "[".equals(lx.text[i + 1]));
                negated[i] = context == 1 && !postfix;
            }
        }
        final StringBuilder out = new StringBuilder(sql.length() + 2 * literals);
        final List<PgType> types = new ArrayList<>(literals);
        final Object[] values = new Object[literals];
        int copied = 0;
        for (int i = 0; i < n; i++) {
            final byte k = lx.kind[i];
            if (k != Lexer.INTEGER && k != Lexer.NUMERIC) {
                continue;
            }
            final int index = types.size();
            final int from = negated[i] ? lx.start[i - 1] : lx.start[i];
            final String t = negated[i] ? "-" + lx.text[i] : lx.text[i];
            if (k == Lexer.NUMERIC) {
                types.add(PgType.NUMERIC);
                values[index] = new BigDecimal(t);
            } else {
                final long v;
                try {
                    v = Long.parseLong(t);
                } catch (final NumberFormatException e) {
                    types.add(PgType.NUMERIC);
                    values[index] = new BigDecimal(t);
                    out.append(sql, copied, from).append('$').append(index + 1);
                    copied = lx.end[i];
                    continue;
                }
                if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                    types.add(PgType.INT4);
                    values[index] = (int) v;
                } else {
                    types.add(PgType.INT8);
                    values[index] = v;
                }
            }
            out.append(sql, copied, from).append('$').append(index + 1);
            copied = lx.end[i];
        }
        out.append(sql, copied, sql.length());
        return new Parameterized(out.toString(), Collections.unmodifiableList(types), values);
    }

    /** Whether word {@code i} is in POSITIONAL, folding only the words a positional keyword could be. */
    private static boolean positional(final Lexer lx, final int i) {
        switch (lx.src.charAt(lx.start[i])) {
            case 'o': case 'g': case 'd': case 'w': case 'l': case 'f':
            case 'O': case 'G': case 'D': case 'W': case 'L': case 'F':
                return POSITIONAL.contains(lx.word(i));
            default:
                return false;
        }
    }

    private static boolean isOp(final Lexer lx, final int i, final String op) {
        return lx.kind[i] == Lexer.OP && op.equals(lx.text[i]);
    }

    /** Whether a minus after token {@code j} is unary (1), binary (0), or cannot be told here (-1). */
    private static int unaryContext(final Lexer lx, final int j) {
        if (j < 0) {
            return 1;
        }
        switch (lx.kind[j]) {
            case Lexer.OP:
                return 1;
            case Lexer.PUNCT:
                return "(".equals(lx.text[j]) || ",".equals(lx.text[j]) || "[".equals(lx.text[j]) ? 1
                    : ")".equals(lx.text[j]) || "]".equals(lx.text[j]) ? 0 : -1;
            case Lexer.IDENT:
                return UNARY_AFTER.contains(lx.word(j)) ? 1 : -1;
            case Lexer.QIDENT: case Lexer.STRING: case Lexer.BITSTR: case Lexer.INTEGER: case Lexer.NUMERIC:
                return 0;
            default:
                return -1;
        }
    }
}
