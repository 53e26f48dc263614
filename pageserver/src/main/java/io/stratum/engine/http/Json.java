package io.stratum.engine.http;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small JSON subset the management API speaks: a request body is one flat object whose values are
 * strings, numbers, booleans or null; responses are written with {@link #quote} and friends. Anything
 * else in a request is refused with INVALID_ARGUMENT (HTTP 400) naming the position.
 */
public final class Json {
    /** Largest request body accepted. */
    static final int MAX_BODY = 64 << 10;

    private final String s;
    private int i;

    private Json(final String s) {
        this.s = s;
    }

    /** Parses an array of flat objects (what the list endpoints answer). */
    public static List<Map<String, Object>> parseArray(final String text) {
        final List<Map<String, Object>> out = new java.util.ArrayList<>();
        final Json p = new Json(text == null ? "" : text);
        p.ws();
        p.expect('[');
        p.ws();
        if (p.peek() == ']') {
            p.i++;
        } else {
            while (true) {
                p.ws();
                out.add(p.object());
                p.ws();
                final char c = p.next();
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    throw p.error("expected ',' or ']'");
                }
            }
        }
        p.ws();
        if (p.i != p.s.length()) {
            throw p.error("trailing characters");
        }
        return out;
    }

    /** Parses a flat object; an empty body is an empty object. */
    public static Map<String, Object> parseObject(final String text) {
        if (text == null || text.isBlank()) {
            return new LinkedHashMap<>();
        }
        final Json p = new Json(text);
        p.ws();
        final Map<String, Object> out = p.object();
        p.ws();
        if (p.i != text.length()) {
            throw p.error("trailing characters");
        }
        return out;
    }

    private Map<String, Object> object() {
        final Map<String, Object> out = new LinkedHashMap<>();
        final Json p = this;
        p.expect('{');
        p.ws();
        if (p.peek() == '}') {
            p.i++;
        } else {
            while (true) {
                p.ws();
                final String key = p.string();
                p.ws();
                p.expect(':');
                p.ws();
                if (out.put(key, p.value()) != null) {
                    throw p.error("duplicate key \"" + key + "\"");
                }
                p.ws();
                final char c = p.next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw p.error("expected ',' or '}'");
                }
            }
        }
        return out;
    }

    private Object value() {
        final char c = peek();
        if (c == '"') {
            return string();
        }
        if (s.startsWith("true", i)) {
            i += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("false", i)) {
            i += 5;
            return Boolean.FALSE;
        }
        if (s.startsWith("null", i)) {
            i += 4;
            return null;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            final int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            try {
                final String num = s.substring(start, i);
                if (num.contains(".") || num.contains("e") || num.contains("E")) {
                    return Double.parseDouble(num);
                }
                return Long.parseLong(num);
            } catch (final NumberFormatException e) {
                throw error("bad number");
            }
        }
        throw error("expected a string, number, boolean or null (nested values are not accepted)");
    }

    private String string() {
        expect('"');
        final StringBuilder sb = new StringBuilder();
        while (true) {
            final char c = next();
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                final char e = next();
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw error("bad \\u escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (final NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        i += 4;
                    }
                    default -> throw error("bad escape");
                }
            } else if (c < 0x20) {
                throw error("control character in string");
            } else {
                sb.append(c);
            }
        }
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private char peek() {
        if (i >= s.length()) {
            throw error("unexpected end of JSON");
        }
        return s.charAt(i);
    }

    private char next() {
        final char c = peek();
        i++;
        return c;
    }

    private void expect(final char c) {
        if (next() != c) {
            i--;
            throw error("expected '" + c + "'");
        }
    }

    private StratumException error(final String what) {
        return StratumException.of(ErrorCode.INVALID_ARGUMENT, "bad JSON: " + what, "position", i);
    }

    /** A JSON string literal. */
    public static String quote(final String v) {
        if (v == null) {
            return "null";
        }
        final StringBuilder sb = new StringBuilder(v.length() + 2).append('"');
        for (int k = 0; k < v.length(); k++) {
            final char c = v.charAt(k);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** {@code {"k1":v1,...}} from alternating keys and already-encoded values. */
    public static String object(final Object... kv) {
        final StringBuilder sb = new StringBuilder("{");
        for (int k = 0; k < kv.length; k += 2) {
            if (k > 0) {
                sb.append(',');
            }
            sb.append(quote(String.valueOf(kv[k]))).append(':').append(encode(kv[k + 1]));
        }
        return sb.append('}').toString();
    }

    static String array(final List<String> encoded) {
        return "[" + String.join(",", encoded) + "]";
    }

    private static String encode(final Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Raw r) {
            return r.json();
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return quote(v.toString());
    }

    /** Already-encoded JSON, inserted as is. */
    record Raw(String json) {
    }
}
