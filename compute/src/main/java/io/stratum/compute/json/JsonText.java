package io.stratum.compute.json;

import io.stratum.compute.session.SqlException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON text in and out as PostgreSQL's json parser and jsonb_out do: RFC 8259 grammar (whitespace is space,
 * tab, CR, LF), errors 22P02 {@code invalid input syntax for type json} with PostgreSQL's DETAIL, nesting past
 * {@link Jsonb#MAX_DEPTH} 54001. The parser recurses at most MAX_DEPTH deep. Stateless apart from one parse.
 */
public final class JsonText {
    private final String s;
    private final boolean keepRaw;
    private int p;

    private JsonText(final String s, final boolean keepRaw) {
        this.s = s;
        this.keepRaw = keepRaw;
    }

    /** Parses jsonb input: keys sorted and deduplicated, numbers as numeric. */
    public static Jsonb parseJsonb(final String text) {
        return new JsonText(text, false).whole(true);
    }

    /** Parses a json text keeping every node's source text and the keys as given. */
    public static Jsonb parseJson(final String text) {
        return new JsonText(text, true).whole(false);
    }

    /** json input: validates and returns the text unchanged. */
    public static String validateJson(final String text) {
        new JsonText(text, true).whole(false);
        return text;
    }

    private Jsonb whole(final boolean jsonb) {
        if (s.length() > Jsonb.MAX_BYTES) {
            throw new SqlException("54000", "total size of jsonb value exceeds the maximum of " + Jsonb.MAX_BYTES + " bytes");
        }
        skip();
        final Jsonb v = value(0, jsonb);
        skip();
        if (p < s.length()) {
            throw syntax("Token \"" + token() + "\" is invalid.");
        }
        return v;
    }

    private SqlException syntax(final String detail) {
        return new SqlException("22P02", "invalid input syntax for type json", detail, null, 0, null);
    }

    private void skip() {
        while (p < s.length()) {
            final char c = s.charAt(p);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            p++;
        }
    }

    /** The invalid token at p: a run of letters, digits and the like, or one character. */
    private String token() {
        int e = p;
        while (e < s.length() && (Character.isLetterOrDigit(s.charAt(e)) || s.charAt(e) == '_' || s.charAt(e) >= 0x80)) {
            e++;
        }
        return s.substring(p, Math.max(e, p + 1));
    }

    private SqlException unexpected(final String expected) {
        if (p >= s.length()) {
            return syntax("The input string ended unexpectedly.");
        }
        return syntax("Expected " + expected + ", but found \"" + token() + "\".");
    }

    private Jsonb value(final int depth, final boolean jsonb) {
        if (p >= s.length()) {
            throw syntax("The input string ended unexpectedly.");
        }
        final int start = p;
        final char c = s.charAt(p);
        final Jsonb v;
        if (c == '{' || c == '[') {
            if (depth >= Jsonb.MAX_DEPTH) {
                throw Jsonb.tooDeep();
            }
            v = c == '{' ? object(depth, jsonb) : array(depth, jsonb);
        } else if (c == '"') {
            v = Jsonb.string(string(jsonb));
        } else if (c == '-' || c >= '0' && c <= '9') {
            v = number();
        } else {
            final String t = token();
            p += t.length();
            switch (t) {
                case "true": v = Jsonb.TRUE; break;
                case "false": v = Jsonb.FALSE; break;
                case "null": v = Jsonb.JNULL; break;
                default:
                    p = start;
                    if (!Character.isLetterOrDigit(c)) {
                        throw syntax("Expected JSON value, but found \"" + t + "\".");
                    }
                    throw syntax("Token \"" + t + "\" is invalid.");
            }
        }
        return keepRaw ? Jsonb.withRaw(v, s.substring(start, p)) : v;
    }

    private Jsonb object(final int depth, final boolean jsonb) {
        final int start = p;
        p++;
        skip();
        final List<String> keys = new ArrayList<>();
        final List<Jsonb> vals = new ArrayList<>();
        if (p < s.length() && s.charAt(p) == '}') {
            p++;
        } else {
            while (true) {
                if (p >= s.length() || s.charAt(p) != '"') {
                    throw unexpected("string");
                }
                keys.add(string(jsonb));
                skip();
                if (p >= s.length() || s.charAt(p) != ':') {
                    throw unexpected("\":\"");
                }
                p++;
                skip();
                vals.add(value(depth + 1, jsonb));
                if (!another('}', "\",\" or \"}\"")) {
                    break;
                }
            }
        }
        final String[] ks = keys.toArray(new String[0]);
        final Jsonb[] vs = vals.toArray(new Jsonb[0]);
        return keepRaw ? Jsonb.rawObject(ks, vs, s.substring(start, p)) : Jsonb.object(ks, vs);
    }

    /**
     * After a member of an object or array: true past a ',' (another member follows), false past
     * {@code close} (the container ends); anything else is 22P02 naming {@code expected}.
     */
    private boolean another(final char close, final String expected) {
        skip();
        if (p < s.length() && s.charAt(p) == ',') {
            p++;
            skip();
            return true;
        }
        if (p < s.length() && s.charAt(p) == close) {
            p++;
            return false;
        }
        throw unexpected(expected);
    }

    private Jsonb array(final int depth, final boolean jsonb) {
        p++;
        skip();
        final List<Jsonb> vals = new ArrayList<>();
        if (p < s.length() && s.charAt(p) == ']') {
            p++;
        } else {
            while (true) {
                if (p < s.length() && (s.charAt(p) == ']' || s.charAt(p) == ',')) {
                    throw unexpected("JSON value");
                }
                vals.add(value(depth + 1, jsonb));
                if (!another(']', "\",\" or \"]\"")) {
                    break;
                }
            }
        }
        return Jsonb.array(vals.toArray(new Jsonb[0]));
    }

    private Jsonb number() {
        final int start = p;
        int i = p;
        if (s.charAt(i) == '-') {
            i++;
        }
        boolean ok = i < s.length() && Character.isDigit(s.charAt(i));
        if (ok && s.charAt(i) == '0') {
            i++;
        } else {
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
        }
        if (ok && i < s.length() && s.charAt(i) == '.') {
            i++;
            ok = i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
        }
        if (ok && i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            ok = i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
        }
        // the number must end at a delimiter
        int e = i;
        while (e < s.length() && (Character.isLetterOrDigit(s.charAt(e)) || s.charAt(e) == '.' || s.charAt(e) == '_')) {
            e++;
        }
        if (!ok || e != i) {
            throw syntax("Token \"" + s.substring(start, Math.max(e, start + 1)) + "\" is invalid.");
        }
        p = i;
        try {
            return Jsonb.number(new BigDecimal(s.substring(start, i)));
        } catch (final NumberFormatException | ArithmeticException ex) {
            throw new SqlException("22003", "value overflows numeric format");
        }
    }

    private String string(final boolean jsonb) {
        p++;
        final StringBuilder sb = new StringBuilder();
        while (true) {
            if (p >= s.length()) {
                throw syntax("The input string ended unexpectedly.");
            }
            final char c = s.charAt(p);
            if (c == '"') {
                p++;
                return sb.toString();
            }
            if (c < 0x20) {
                throw syntax("Character with value 0x" + String.format("%02x", (int) c) + " must be escaped.");
            }
            if (c != '\\') {
                sb.append(c);
                p++;
                continue;
            }
            if (p + 1 >= s.length()) {
                throw syntax("The input string ended unexpectedly.");
            }
            final char e = s.charAt(p + 1);
            p += 2;
            switch (e) {
                case '"': case '\\': case '/': sb.append(e); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u': {
                    final int u = hex4();
                    if (Character.isHighSurrogate((char) u)) {
                        if (p + 1 < s.length() && s.charAt(p) == '\\' && s.charAt(p + 1) == 'u') {
                            p += 2;
                            final int lo = hex4();
                            if (!Character.isLowSurrogate((char) lo)) {
                                throw syntax("Unicode low surrogate must follow a high surrogate.");
                            }
                            sb.append((char) u).append((char) lo);
                        } else {
                            throw syntax("Unicode low surrogate must follow a high surrogate.");
                        }
                    } else if (Character.isLowSurrogate((char) u)) {
                        throw syntax("Unicode low surrogate must follow a high surrogate.");
                    } else if (u == 0 && jsonb) {
                        throw new SqlException("22P05", "unsupported Unicode escape sequence", "\\u0000 cannot be converted to text.",
                            null, 0, null);
                    } else {
                        sb.append((char) u);
                    }
                    break;
                }
                default:
                    throw syntax("Escape sequence \"\\" + e + "\" is invalid.");
            }
        }
    }

    private int hex4() {
        if (p + 4 > s.length()) {
            throw syntax("\"\\u\" must be followed by four hexadecimal digits.");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            final int d = Character.digit(s.charAt(p + i), 16);
            if (d < 0) {
                throw syntax("\"\\u\" must be followed by four hexadecimal digits.");
            }
            v = v * 16 + d;
        }
        p += 4;
        return v;
    }

    /** jsonb_out: {@code {"a": 1, "b": [1, 2]}}. */
    public static String format(final Jsonb v) {
        final StringBuilder sb = new StringBuilder();
        write(sb, v, -1, 0);
        return sb.toString();
    }

    /** jsonb_pretty: four spaces per level, an empty container's close bracket on its own line. */
    public static String pretty(final Jsonb v) {
        final StringBuilder sb = new StringBuilder();
        write(sb, v, 0, 0);
        return sb.toString();
    }

    private static void write(final StringBuilder sb, final Jsonb v, final int indent, final int level) {
        switch (v.kind) {
            case Jsonb.NULL: sb.append("null"); return;
            case Jsonb.BOOL: sb.append(v.bool ? "true" : "false"); return;
            case Jsonb.NUMBER: sb.append(v.num.toPlainString()); return;
            case Jsonb.STRING: quote(sb, v.str); return;
            default: break;
        }
        final boolean obj = v.kind == Jsonb.OBJECT;
        sb.append(obj ? '{' : '[');
        for (int i = 0; i < v.vals.length; i++) {
            if (i > 0) {
                sb.append(indent < 0 ? ", " : ",");
            }
            if (indent >= 0) {
                sb.append('\n').append("    ".repeat(level + 1));
            }
            if (obj) {
                quote(sb, v.keys[i]);
                sb.append(": ");
            }
            write(sb, v.vals[i], indent, level + 1);
        }
        if (indent >= 0) {
            sb.append('\n').append("    ".repeat(level));
        }
        sb.append(obj ? '}' : ']');
    }

    /** escape_json: a JSON string literal of {@code s}. */
    public static void quote(final StringBuilder sb, final String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
