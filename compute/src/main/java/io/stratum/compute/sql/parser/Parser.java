package io.stratum.compute.sql.parser;

import io.stratum.compute.sql.ast.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the SQL parser: PostgreSQL 15's dialect to {@link io.stratum.compute.sql.ast} trees.
 * Threads: none; static and stateless, safe from any thread.
 */
public final class Parser {
    private Parser() {
    }

    /**
     * Parses every statement of {@code sql} (separated by semicolons; empty statements dropped). Node
     * positions are 0-based offsets into {@code sql}.
     *
     * @throws io.stratum.compute.session.SqlException 42601 with a 1-based position on a syntax error
     *         ({@code syntax error at or near "tok"}, {@code syntax error at end of input},
     *         {@code unterminated quoted string at or near "..."}), 0A000 for recognised but unsupported forms
     */
    public static List<Statement> parse(final String sql) {
        try {
            return new StatementParser(Lexer.lex(sql)).parseAll();
        } catch (StackOverflowError e) {
            // a thread with a small stack meets deep nesting before ParserBase.MAX_DEPTH does
            throw ParserBase.tooDeep();
        }
    }

    /**
     * Parses exactly one statement (a trailing semicolon is allowed), e.g. for a Parse message.
     *
     * @throws io.stratum.compute.session.SqlException 42601 also when there are several statements
     *         ("cannot insert multiple commands into a prepared statement") or none (returns null then)
     */
    public static Statement parseOne(final String sql) {
        final List<Statement> all = parse(sql);
        if (all.size() > 1) {
            throw new io.stratum.compute.session.SqlException("42601",
                    "cannot insert multiple commands into a prepared statement");
        }
        return all.isEmpty() ? null : all.get(0);
    }

    /**
     * Splits {@code sql} at top-level semicolons into statement texts (each from its first token to the
     * end before the semicolon, trailing blanks trimmed), respecting '...', E'...', "...", $$...$$ and
     * $tag$...$tag$ quoting, -- comments and nested block comments, and parentheses; statements that are
     * empty or only comments are dropped. Never throws: an unterminated quote or comment runs to the end
     * (the parser reports it). For a simple-query message prefer {@link #parse} on the whole string, as
     * PostgreSQL does: a syntax error anywhere then runs nothing, and positions are relative to the message.
     */
    public static List<String> split(final String sql) {
        final String one = single(sql);
        return one != null ? List.of(one) : scan(sql);
    }

    /** {@link #split} by the character scan alone (package-private: tests compare it with the fast path). */
    static List<String> scan(final String sql) {
        final List<String> out = new ArrayList<>();
        final int n = sql.length();
        int stmtStart = 0;
        boolean content = false;
        int depth = 0;
        int i = 0;
        while (i < n) {
            final char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
                    i++;
                }
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int d = 0;
                while (i < n) {
                    if (sql.startsWith("/*", i)) {
                        d++;
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        d--;
                        i += 2;
                        if (d == 0) {
                            break;
                        }
                    } else {
                        i++;
                    }
                }
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b') {
                i++;
                continue;
            }
            if (c == ';' && depth == 0) {
                if (content) {
                    out.add(sql.substring(stmtStart, i).strip());
                }
                content = false;
                i++;
                stmtStart = i;
                continue;
            }
            if (!content) {
                stmtStart = i;
                content = true;
            }
            if (c == '\'') {
                final boolean escapes = i > 0 && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E')
                        && (i < 2 || !Lexer.isIdentChar(sql.charAt(i - 2)));
                i = skipQuoted(sql, i + 1, '\'', escapes);
            } else if (c == '"') {
                i = skipQuoted(sql, i + 1, '"', false);
            } else if (c == '$' && (i == 0 || !Lexer.isIdentChar(sql.charAt(i - 1)))) {
                i = skipDollar(sql, i);
            } else {
                if (c == '(') {
                    depth++;
                } else if (c == ')' && depth > 0) {
                    depth--;
                }
                i++;
            }
        }
        if (content) {
            out.add(sql.substring(stmtStart).strip());
        }
        return out;
    }

    /**
     * What {@link #split} returns for the common message of one statement, found with a few vectorised
     * searches instead of the character scan, or null when the scan must decide: the text starts with a
     * token (not a blank or a comment) and has no semicolon, or only one at its end with no quote, dollar,
     * comment or parenthesis that could hide it.
     */
    private static String single(final String sql) {
        final int n = sql.length();
        if (n == 0) {
            return null;
        }
        final char c = sql.charAt(0);
        if (c <= ' ' || c == '\u000b' || c == ';' || (c == '-' || c == '/') && n > 1 && (sql.charAt(1) == c
            || c == '/' && sql.charAt(1) == '*')) {
            return null;
        }
        final int semi = sql.indexOf(';');
        if (semi < 0) {
            return sql.strip();
        }
        int last = n - 1;
        while (last > semi && isBlank(sql.charAt(last))) {
            last--;
        }
        if (last != semi || sql.indexOf('\'') >= 0 || sql.indexOf('"') >= 0 || sql.indexOf('$') >= 0
            || sql.indexOf("--") >= 0 || sql.indexOf("/*") >= 0 || sql.indexOf('(') >= 0) {
            return null;
        }
        return sql.substring(0, semi).strip();
    }

    private static boolean isBlank(final char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b';
    }

    private static int skipQuoted(final String s, int i, final char q, final boolean escapes) {
        final int n = s.length();
        while (i < n) {
            final char c = s.charAt(i);
            if (escapes && c == '\\') {
                i += 2;
            } else if (c == q) {
                if (i + 1 < n && s.charAt(i + 1) == q) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    private static int skipDollar(final String s, final int from) {
        final int n = s.length();
        int i = from + 1;
        if (i < n && Lexer.isDigit(s.charAt(i))) {
            return i;
        }
        while (i < n && s.charAt(i) != '$' && Lexer.isIdentChar(s.charAt(i))) {
            i++;
        }
        if (i >= n || s.charAt(i) != '$') {
            return from + 1;
        }
        final String tag = s.substring(from, i + 1);
        final int close = s.indexOf(tag, i + 1);
        return close < 0 ? n : close + tag.length();
    }

    /** 1-based character (code point) position of the 0-based UTF-16 offset, as PostgreSQL reports it. */
    static int charPosition(final String s, final int offset) {
        return s.codePointCount(0, Math.min(offset, s.length())) + 1;
    }
}
