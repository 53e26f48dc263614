package io.stratum.compute.sql.parser;

import io.stratum.compute.session.SqlException;
import java.util.Arrays;

/**
 * The token arrays the {@link Lexer} fills (kind, start and end offset, text per token), the token kinds,
 * character classes, and the lexer's error constructors.
 */
abstract class TokenBuffer {
    static final byte EOF = 0;
    /** Unquoted word: keyword or identifier; text is lower case. */
    static final byte IDENT = 1;
    /** Double-quoted identifier; text as written. */
    static final byte QIDENT = 2;
    /** String constant; text is the value. */
    static final byte STRING = 3;
    /** B'' or X'' constant; text is the bits. */
    static final byte BITSTR = 4;
    static final byte INTEGER = 5;
    static final byte NUMERIC = 6;
    /** $n; text is the digits. */
    static final byte PARAM = 7;
    /** Operator; text is the operator (!= normalised to <>). */
    static final byte OP = 8;
    /** One of , ( ) [ ] ; : . :: := and ..; text is the punctuation. */
    static final byte PUNCT = 9;

    final String src;
    byte[] kind;
    int[] start;
    int[] end;
    String[] text;
    int count;

    TokenBuffer(final String src) {
        this.src = src;
        final int cap = Math.max(16, src.length() / 4);
        kind = new byte[cap];
        start = new int[cap];
        end = new int[cap];
        text = new String[cap];
    }

    final void add(final byte k, final int s, final int e, final String t) {
        if (count == kind.length) {
            final int n = count * 2;
            kind = Arrays.copyOf(kind, n);
            start = Arrays.copyOf(start, n);
            end = Arrays.copyOf(end, n);
            text = Arrays.copyOf(text, n);
        }
        kind[count] = k;
        start[count] = s;
        end[count] = e;
        text[count] = t;
        count++;
    }

    /** Skips whitespace and comments; a nested unterminated block comment is an error. */
    static int skipSpace(final String s, int i, final int n) {
        while (i < n) {
            final char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b') {
                i++;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                while (i < n && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                i = blockComment(s, i, n);
            } else {
                break;
            }
        }
        return i;
    }

    static int blockComment(final String s, final int from, final int n) {
        int depth = 0;
        int i = from;
        while (i < n) {
            if (s.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (s.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        throw new SqlException("42601", "unterminated /* comment at or near \"" + s.substring(from) + "\"",
                null, null, Parser.charPosition(s, from), null);
    }

    static boolean isIdentStart(final char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80;
    }

    static boolean isIdentChar(final char c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }

    static boolean isDigit(final char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isOpChar(final char c) {
        return "+-*/<>=~!@#%^&|`?".indexOf(c) >= 0;
    }

    /** PostgreSQL's NAMEDATALEN - 1: identifiers are cut to this many UTF-8 bytes (on a character boundary). */
    static final int MAX_IDENTIFIER_BYTES = 63;

    /** Truncates an identifier longer than 63 UTF-8 bytes, as PostgreSQL does (it also sends a NOTICE). */
    static String truncateIdentifier(final String id) {
        if (id.length() <= MAX_IDENTIFIER_BYTES / 3) {
            return id;
        }
        int bytes = 0;
        for (int k = 0; k < id.length(); ) {
            final int cp = id.codePointAt(k);
            final int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + len > MAX_IDENTIFIER_BYTES) {
                return id.substring(0, k);
            }
            bytes += len;
            k += Character.charCount(cp);
        }
        return id;
    }

    final SqlException unterminated(final String what, final int from) {
        return new SqlException("42601", what + " at or near \"" + src.substring(from) + "\"", null, null,
                Parser.charPosition(src, from), null);
    }

    final SqlException error(final String what, final int from, final int to) {
        return new SqlException("42601", what + " at or near \"" + src.substring(from, to) + "\"", null, null,
                Parser.charPosition(src, from), null);
    }
}
