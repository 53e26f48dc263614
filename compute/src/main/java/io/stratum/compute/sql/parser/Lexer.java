package io.stratum.compute.sql.parser;

import io.stratum.compute.session.SqlException;

/**
 * PostgreSQL's lexical rules (scan.l) over one query string: keywords and identifiers (folded to lower case
 * unless double-quoted), the string forms ('', E'', N'', U&'', $$ and $tag$, with continuation of
 * adjacent literals across a newline), bit strings, numbers, parameters, operators (with PostgreSQL's
 * trailing +/- rule) and punctuation. Comments and whitespace are skipped. The result is a flat token
 * array that the parser indexes.
 */
final class Lexer extends TokenBuffer {


    /** Whether unquoted words get their folded text at once (else on demand, {@link #word(int)}). */
    private final boolean words;

    private Lexer(final String src, final boolean words) {
        super(src);
        this.words = words;
    }

    /** Tokenises {@code sql}; the last token is EOF at the end of the text. */
    static Lexer lex(final String sql) {
        final Lexer lx = new Lexer(sql, true);
        lx.run();
        return lx;
    }

    /**
     * Tokenises {@code sql} like {@link #lex}, but leaves the text of unquoted words null: a caller that
     * looks at few of them ({@link AutoParams}, on every simple-protocol statement) folds those with
     * {@link #word(int)} instead of paying a string per word.
     */
    static Lexer lexLazily(final String sql) {
        final Lexer lx = new Lexer(sql, false);
        lx.run();
        return lx;
    }

    /** The text of token {@code i}, folded as {@link #lex} folds it when it is an unquoted word. */
    String word(final int i) {
        final String t = text[i];
        return t != null ? t : wordText(start[i], end[i]);
    }

    /** The folded, truncated text of the unquoted word at {@code [from, to)} of the source. */
    private String wordText(final int from, final int to) {
        return truncateIdentifier(fold(src.substring(from, to)));
    }


    private void run() {
        final String s = src;
        final int n = s.length();
        int i = 0;
        while (true) {
            i = skipSpace(s, i, n);
            if (i >= n) {
                add(EOF, n, n, "");
                return;
            }
            final char c = s.charAt(i);
            if (isIdentStart(c)) {
                i = word(s, i, n);
            } else if (c >= '0' && c <= '9' || c == '.' && i + 1 < n && isDigit(s.charAt(i + 1))) {
                i = number(s, i, n);
            } else if (c == '\'') {
                i = quoted(s, i, i + 1, false);
            } else if (c == '"') {
                i = quotedIdent(s, i, n);
            } else if (c == '$') {
                i = dollar(s, i, n);
            } else if (c == ':' ) {
                if (i + 1 < n && s.charAt(i + 1) == ':') {
                    add(PUNCT, i, i + 2, "::");
                    i += 2;
                } else if (i + 1 < n && s.charAt(i + 1) == '=') {
                    add(PUNCT, i, i + 2, ":=");
                    i += 2;
                } else {
                    add(PUNCT, i, i + 1, ":");
                    i++;
                }
            } else if (c == '.') {
                if (i + 1 < n && s.charAt(i + 1) == '.') {
                    add(PUNCT, i, i + 2, "..");
                    i += 2;
                } else {
                    add(PUNCT, i, i + 1, ".");
                    i++;
                }
            } else if (c == ',' || c == '(' || c == ')' || c == '[' || c == ']' || c == ';') {
                add(PUNCT, i, i + 1, String.valueOf(c));
                i++;
            } else if (isOpChar(c)) {
                i = operator(s, i, n);
            } else {
                throw error("syntax error", i, i + 1);
            }
        }
    }


    private int word(final String s, final int from, final int n) {
        final char c = s.charAt(from);
        if (from + 1 < n && s.charAt(from + 1) == '\'') {
            switch (c) {
                case 'e', 'E' -> {
                    return quoted(s, from, from + 2, true);
                }
                case 'n', 'N' -> {
                    return quoted(s, from, from + 2, false);
                }
                case 'b', 'B', 'x', 'X' -> {
                    return bitString(s, from, n, c == 'x' || c == 'X');
                }
                default -> {
                }
            }
        }
        if ((c == 'u' || c == 'U') && from + 2 < n && s.charAt(from + 1) == '&' && s.charAt(from + 2) == '\'') {
            return unicodeString(s, from, n);
        }
        int i = from + 1;
        while (i < n && isIdentChar(s.charAt(i))) {
            i++;
        }
        add(IDENT, from, i, words ? wordText(from, i) : null);
        return i;
    }

    /** An unquoted word as PostgreSQL folds it: ASCII letters to lower case, everything else as is. */
    private static String fold(final String w) {
        for (int k = 0; k < w.length(); k++) {
            final char c = w.charAt(k);
            if (c >= 'A' && c <= 'Z') {
                final char[] a = w.toCharArray();
                for (int j = k; j < a.length; j++) {
                    if (a[j] >= 'A' && a[j] <= 'Z') {
                        a[j] = (char) (a[j] + ('a' - 'A'));
                    }
                }
                return new String(a);
            }
        }
        return w;
    }


    private int number(final String s, final int from, final int n) {
        int i = from;
        boolean numeric = false;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        if (i < n && s.charAt(i) == '.' && !(i + 1 < n && s.charAt(i + 1) == '.')) {
            numeric = true;
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                j++;
            }
            if (j < n && isDigit(s.charAt(j))) {
                numeric = true;
                i = j;
                while (i < n && isDigit(s.charAt(i))) {
                    i++;
                }
            }
        }
        if (i < n && isIdentStart(s.charAt(i))) {
            int j = i;
            while (j < n && isIdentChar(s.charAt(j))) {
                j++;
            }
            throw error("trailing junk after numeric literal", from, j);
        }
        add(numeric ? NUMERIC : INTEGER, from, i, s.substring(from, i));
        return i;
    }

    /** A '...' string starting at {@code tokStart}, contents from {@code i}; E strings process escapes. */
    private int quoted(final String s, final int tokStart, int i, final boolean escapes) {
        final int n = s.length();
        final StringBuilder sb = new StringBuilder();
        while (true) {
            boolean closed = false;
            while (i < n) {
                final char c = s.charAt(i);
                if (c == '\'') {
                    if (i + 1 < n && s.charAt(i + 1) == '\'') {
                        sb.append('\'');
                        i += 2;
                        continue;
                    }
                    i++;
                    closed = true;
                    break;
                }
                if (c == '\\' && escapes) {
                    i = escape(s, i, sb, tokStart);
                    continue;
                }
                sb.append(c);
                i++;
            }
            if (!closed) {
                throw unterminated("unterminated quoted string", tokStart);
            }
            final int next = continuation(s, i, n);
            if (next < 0) {
                break;
            }
            i = next + 1;
        }
        add(STRING, tokStart, i, sb.toString());
        return i;
    }

    /**
     * After a closing quote: the index of a quote continuing the literal (whitespace with at least one
     * newline in between, as PostgreSQL's quotecontinue), or -1.
     */
    private static int continuation(final String s, int i, final int n) {
        boolean newline = false;
        while (i < n) {
            final char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                newline = true;
                i++;
            } else if (c == ' ' || c == '\t' || c == '\f' || c == '\u000b') {
                i++;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                while (i < n && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
                    i++;
                }
            } else {
                break;
            }
        }
        return newline && i < n && s.charAt(i) == '\'' ? i : -1;
    }

    private int escape(final String s, int i, final StringBuilder sb, final int tokStart) {
        final int n = s.length();
        if (i + 1 >= n) {
            throw unterminated("unterminated quoted string", tokStart);
        }
        final char e = s.charAt(i + 1);
        i += 2;
        switch (e) {
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'x' -> {
                int v = 0;
                int k = 0;
                while (k < 2 && i < n && Character.digit(s.charAt(i), 16) >= 0) {
                    v = v * 16 + Character.digit(s.charAt(i), 16);
                    i++;
                    k++;
                }
                if (k == 0) {
                    sb.append('x');
                } else {
                    sb.append((char) v);
                }
            }
            case 'u', 'U' -> {
                final int len = e == 'u' ? 4 : 8;
                if (i + len > n) {
                    throw error("invalid Unicode escape", i - 2, i);
                }
                final int cp;
                try {
                    cp = Integer.parseInt(s.substring(i, i + len), 16);
                } catch (NumberFormatException ex) {
                    throw error("invalid Unicode escape", i - 2, i);
                }
                sb.appendCodePoint(cp);
                i += len;
            }
            default -> {
                if (e >= '0' && e <= '7') {
                    int v = e - '0';
                    int k = 1;
                    while (k < 3 && i < n && s.charAt(i) >= '0' && s.charAt(i) <= '7') {
                        v = v * 8 + (s.charAt(i) - '0');
                        i++;
                        k++;
                    }
                    sb.append((char) (v & 0xff));
                } else {
                    sb.append(e);
                }
            }
        }
        return i;
    }

    private int unicodeString(final String s, final int from, final int n) {
        final int before = count;
        final int after = quoted(s, from, from + 3, false);
        final String raw = text[before];
        count = before;
        int i = after;
        char esc = '\\';
        final int j = skipSpace(s, i, n);
        if (s.regionMatches(true, j, "uescape", 0, 7)) {
            final int k = skipSpace(s, j + 7, n);
            if (k + 2 < n && s.charAt(k) == '\'' && s.charAt(k + 2) == '\'') {
                esc = s.charAt(k + 1);
                i = k + 3;
            }
        }
        final StringBuilder sb = new StringBuilder();
        for (int p = 0; p < raw.length(); p++) {
            final char c = raw.charAt(p);
            if (c == esc && p + 1 < raw.length() && raw.charAt(p + 1) == esc) {
                sb.append(esc);
                p++;
            } else if (c == esc) {
                final boolean plus = p + 1 < raw.length() && raw.charAt(p + 1) == '+';
                final int len = plus ? 6 : 4;
                final int d = p + (plus ? 2 : 1);
                if (d + len > raw.length()) {
                    throw error("invalid Unicode escape", from, after);
                }
                try {
                    sb.appendCodePoint(Integer.parseInt(raw.substring(d, d + len), 16));
                } catch (IllegalArgumentException ex) {
                    throw error("invalid Unicode escape", from, after);
                }
                p = d + len - 1;
            } else {
                sb.append(c);
            }
        }
        add(STRING, from, i, sb.toString());
        return i;
    }

    private int bitString(final String s, final int from, final int n, final boolean hex) {
        int i = from + 2;
        final StringBuilder sb = new StringBuilder();
        while (i < n && s.charAt(i) != '\'') {
            final char c = s.charAt(i);
            if (hex) {
                final int v = Character.digit(c, 16);
                if (v < 0) {
                    throw new SqlException("22P02", "\"" + c + "\" is not a valid hexadecimal digit",
                            null, null, Parser.charPosition(s, from), null);
                }
                for (int b = 3; b >= 0; b--) {
                    sb.append((v >> b & 1) == 1 ? '1' : '0');
                }
            } else {
                if (c != '0' && c != '1') {
                    throw new SqlException("22P02", "\"" + c + "\" is not a valid binary digit",
                            null, null, Parser.charPosition(s, from), null);
                }
                sb.append(c);
            }
            i++;
        }
        if (i >= n) {
            throw unterminated(hex ? "unterminated hexadecimal string literal" : "unterminated bit string literal",
                    from);
        }
        add(BITSTR, from, i + 1, sb.toString());
        return i + 1;
    }

    private int quotedIdent(final String s, final int from, final int n) {
        final StringBuilder sb = new StringBuilder();
        int i = from + 1;
        while (true) {
            if (i >= n) {
                throw unterminated("unterminated quoted identifier", from);
            }
            final char c = s.charAt(i);
            if (c == '"') {
                if (i + 1 < n && s.charAt(i + 1) == '"') {
                    sb.append('"');
                    i += 2;
                    continue;
                }
                i++;
                break;
            }
            sb.append(c);
            i++;
        }
        if (sb.length() == 0) {
            throw error("zero-length delimited identifier", from, i);
        }
        add(QIDENT, from, i, truncateIdentifier(sb.toString()));
        return i;
    }

    private int dollar(final String s, final int from, final int n) {
        int i = from + 1;
        if (i < n && isDigit(s.charAt(i))) {
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i < n && isIdentStart(s.charAt(i))) {
                int j = i;
                while (j < n && isIdentChar(s.charAt(j))) {
                    j++;
                }
                throw error("trailing junk after parameter", from, j);
            }
            add(PARAM, from, i, s.substring(from + 1, i));
            return i;
        }
        while (i < n && s.charAt(i) != '$' && isIdentChar(s.charAt(i)) && s.charAt(i) != '$') {
            i++;
        }
        if (i >= n || s.charAt(i) != '$' || i > from + 1 && isDigit(s.charAt(from + 1))) {
            throw error("syntax error", from, Math.min(n, from + 1));
        }
        final String tag = s.substring(from, i + 1);
        final int body = i + 1;
        final int close = s.indexOf(tag, body);
        if (close < 0) {
            throw unterminated("unterminated dollar-quoted string", from);
        }
        add(STRING, from, close + tag.length(), s.substring(body, close));
        return close + tag.length();
    }

    private int operator(final String s, final int from, final int n) {
        int i = from;
        while (i < n && isOpChar(s.charAt(i))) {
            i++;
        }
        int len = i - from;
        // a comment start inside an operator ends it
        for (int k = from; k + 1 < i; k++) {
            final char a = s.charAt(k);
            final char b = s.charAt(k + 1);
            if (a == '-' && b == '-' || a == '/' && b == '*') {
                len = k - from;
                break;
            }
        }
        if (len > 1 && (s.charAt(from + len - 1) == '+' || s.charAt(from + len - 1) == '-')) {
            boolean special = false;
            for (int k = from; k < from + len; k++) {
                if ("~!@#%^&|`?".indexOf(s.charAt(k)) >= 0) {
                    special = true;
                    break;
                }
            }
            if (!special) {
                while (len > 1 && (s.charAt(from + len - 1) == '+' || s.charAt(from + len - 1) == '-')) {
                    len--;
                }
            }
        }
        String op = s.substring(from, from + len);
        if (op.equals("!=")) {
            op = "<>";
        }
        add(OP, from, from + len, op);
        return from + len;
    }
}
