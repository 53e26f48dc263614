package io.stratum.compute.pgwire;

import io.stratum.compute.session.ColumnDesc;
import io.stratum.compute.session.Notice;
import io.stratum.compute.types.PgType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writers of the backend messages that are not per row. */
final class Messages {
    private Messages() {
    }

    /** ErrorResponse: fields S, V, C, M and, when present, D, H, P. */
    static void error(final PgOutput out, final String severity, final String sqlState, final String message,
                      final String detail, final String hint, final int position) {
        fields(out, 'E', severity, sqlState, message, detail, hint, position);
    }

    static void notice(final PgOutput out, final Notice n) {
        fields(out, 'N', n.severity() == null ? "NOTICE" : n.severity(), n.sqlState() == null ? "00000" : n.sqlState(),
                n.message(), n.detail(), n.hint(), 0);
    }

    private static void fields(final PgOutput out, final char type, final String severity, final String sqlState,
                               final String message, final String detail, final String hint, final int position) {
        out.begin(type);
        out.int8('S');
        out.cstring(severity);
        out.int8('V');
        out.cstring(severity);
        out.int8('C');
        out.cstring(sqlState == null ? "XX000" : sqlState);
        out.int8('M');
        out.cstring(message == null ? "" : message);
        if (detail != null) {
            out.int8('D');
            out.cstring(detail);
        }
        if (hint != null) {
            out.int8('H');
            out.cstring(hint);
        }
        if (position > 0) {
            out.int8('P');
            out.cstring(Integer.toString(position));
        }
        out.int8(0);
        try {
            out.end();
        } catch (final IOException e) {
            throw new ClientIoException(e);
        }
    }

    static void parameterStatus(final PgOutput out, final String name, final String value) throws IOException {
        out.begin('S');
        out.cstring(name);
        out.cstring(value);
        out.end();
    }

    /**
     * The 13 ParameterStatus values PostgreSQL 15 sends, with what a fresh session would say; the
     * session's own values replace these.
     */
    static Map<String, String> defaultParameterStatus(final String user, final Map<String, String> startup) {
        final Map<String, String> m = new LinkedHashMap<>();
        m.put("application_name", startup.getOrDefault("application_name", ""));
        m.put("client_encoding", "UTF8");
        m.put("DateStyle", "ISO, MDY");
        m.put("default_transaction_read_only", "off");
        m.put("in_hot_standby", "off");
        m.put("integer_datetimes", "on");
        m.put("IntervalStyle", "postgres");
        m.put("is_superuser", "on");
        m.put("server_encoding", "UTF8");
        m.put("server_version", "15.0");
        m.put("session_authorization", user);
        m.put("standard_conforming_strings", "on");
        m.put("TimeZone", "UTC");
        return m;
    }

    /** RowDescription; {@code binary} null means all text. */
    static void rowDescription(final PgOutput out, final List<ColumnDesc> columns, final boolean[] binary)
            throws IOException {
        out.begin('T');
        out.int16(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            final ColumnDesc c = columns.get(i);
            final PgType t = c.type() == null ? PgType.TEXT : c.type();
            out.cstring(c.name());
            out.int32((int) c.tableOid());
            out.int16(c.columnNumber());
            // an enum column's type is the enum (typmod its OID; its array type's OID is one more)
            final boolean isEnum = t == PgType.ENUM || t == PgType.ENUM_ARRAY;
            out.int32(!isEnum || c.typeModifier() < 0 ? t.oid() : c.typeModifier() + (t == PgType.ENUM ? 0 : 1));
            out.int16(t.typlen());
            out.int32(isEnum ? -1 : c.typeModifier());
            out.int16(binary != null && binary[i] ? 1 : 0);
        }
        out.end();
    }

    static void parameterDescription(final PgOutput out, final List<PgType> types) throws IOException {
        out.begin('t');
        out.int16(types.size());
        for (final PgType t : types) {
            out.int32(t == null ? PgType.TEXT.oid() : t.oid());
        }
        out.end();
    }

    static void commandComplete(final PgOutput out, final String tag) throws IOException {
        out.begin('C');
        out.cstring(tag == null ? "" : tag);
        out.end();
    }

    static void empty(final PgOutput out, final char type) throws IOException {
        out.begin(type);
        out.end();
    }

    /** CopyInResponse ('G') or CopyOutResponse ('H'): overall text format, every column text. */
    static void copyResponse(final PgOutput out, final char type, final int columns) throws IOException {
        out.begin(type);
        out.int8(0);
        out.int16(columns);
        for (int i = 0; i < columns; i++) {
            out.int16(0);
        }
        out.end();
    }
}
