package io.stratum.compute.catalog;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** PostgreSQL's rules for generated names (ChooseRelationName) and identifier quoting. */
public final class Names {
    /** NAMEDATALEN - 1. */
    public static final int MAX_NAME_BYTES = 63;

    private Names() {
    }

    /** Strips one level of double quotes ({@code "a""b"} -> {@code a"b}); other text as is. */
    public static String unquote(final String s) {
        if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') {
            return s.substring(1, s.length() - 1).replace("\"\"", "\"");
        }
        return s;
    }

    /**
     * makeObjectName: {@code name1_name2_label}, shortening name1 and name2 (the longer first) so that the
     * whole fits in 63 bytes, as PostgreSQL does.
     */
    static String makeObjectName(final String name1, final String name2, final String label) {
        String n1 = name1;
        String n2 = name2;
        final int overhead = (label == null ? 0 : label.length() + 1) + (n2 == null ? 0 : 1);
        int l1 = bytes(n1);
        int l2 = n2 == null ? 0 : bytes(n2);
        while (l1 + l2 + overhead > MAX_NAME_BYTES) {
            if (l1 > l2) {
                n1 = clip(n1, l1 - 1);
                l1 = bytes(n1);
            } else {
                n2 = clip(n2, l2 - 1);
                l2 = bytes(n2);
            }
        }
        final StringBuilder sb = new StringBuilder(n1);
        if (n2 != null) {
            sb.append('_').append(n2);
        }
        if (label != null) {
            sb.append('_').append(label);
        }
        return sb.toString();
    }

    /** Longest prefix of {@code s} of at most {@code max} UTF-8 bytes, not splitting a character. */
    static String clip(final String s, final int max) {
        if (bytes(s) <= max) {
            return s;
        }
        int end = 0;
        int len = 0;
        while (end < s.length()) {
            final int cp = s.codePointAt(end);
            final int l = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (len + l > max) {
                break;
            }
            len += l;
            end += Character.charCount(cp);
        }
        return s.substring(0, end);
    }

    static int bytes(final String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The column-name part of a generated name: the key columns joined by {@code _}. */
    static String columnPart(final List<String> columns) {
        return columns.isEmpty() ? null : String.join("_", columns);
    }

    /** Whether a name is longer than 63 bytes (PostgreSQL truncates it with a NOTICE). */
    static String truncate(final String name) {
        return clip(name, MAX_NAME_BYTES);
    }
}
