package io.stratum.cli;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses JSON with nested objects and arrays (the management API's diff and merge answers), into
 * {@link LinkedHashMap}s (key order kept), {@link ArrayList}s, strings, longs, doubles, booleans and null.
 * Nesting is bounded. Threads: none.
 */
final class JsonTree {
    private static final int MAX_DEPTH = 64;

    private final String s;
    private int i;

    private JsonTree(final String s) {
        this.s = s;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(final String text) {
        final JsonTree p = new JsonTree(text);
        final Object v = p.value(0);
        p.ws();
        if (!(v instanceof Map) || p.i != text.length()) {
            throw p.error("expected one object");
        }
        return (Map<String, Object>) v;
    }

    private Object value(final int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested too deeply");
        }
        ws();
        if (i >= s.length()) {
            throw error("unexpected end");
        }
        final char c = s.charAt(i);
        if (c == '{') {
            i++;
            final Map<String, Object> m = new LinkedHashMap<>();
            ws();
            if (peek() == '}') {
                i++;
                return m;
            }
            while (true) {
                ws();
                final String k = string();
                ws();
                expect(':');
                m.put(k, value(depth + 1));
                ws();
                final char d = s.charAt(i++);
                if (d == '}') {
                    return m;
                }
                if (d != ',') {
                    throw error("expected ',' or '}'");
                }
            }
        }
        if (c == '[') {
            i++;
            final List<Object> l = new ArrayList<>();
            ws();
            if (peek() == ']') {
                i++;
                return l;
            }
            while (true) {
                l.add(value(depth + 1));
                ws();
                final char d = s.charAt(i++);
                if (d == ']') {
                    return l;
                }
                if (d != ',') {
                    throw error("expected ',' or ']'");
                }
            }
        }
        if (c == '"') {
            return string();
        }
        for (final String lit : new String[] {"true", "false", "null"}) {
            if (s.startsWith(lit, i)) {
                i += lit.length();
                return lit.equals("null") ? null : Boolean.valueOf(lit);
            }
        }
        final int start = i;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        final String num = s.substring(start, i);
        try {
            return num.contains(".") || num.contains("e") || num.contains("E") ? (Object) Double.parseDouble(num)
                : (Object) Long.parseLong(num);
        } catch (final NumberFormatException e) {
            throw error("bad value");
        }
    }

    private String string() {
        expect('"');
        final StringBuilder b = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            final char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            final char e = s.charAt(i++);
            switch (e) {
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                }
                default -> b.append(e);
            }
        }
    }

    private char peek() {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private void expect(final char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        i++;
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private StratumException error(final String what) {
        return StratumException.of(ErrorCode.INVALID_ARGUMENT, "bad JSON: " + what, "position", i);
    }
}
