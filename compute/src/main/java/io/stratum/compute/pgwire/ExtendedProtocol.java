package io.stratum.compute.pgwire;

import io.stratum.compute.session.Portal;
import io.stratum.compute.session.PreparedStatement;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The extended query protocol of one connection: Parse, Bind, Describe, Execute, Close, Sync, with
 * named and unnamed statements and portals, per-column formats, portal suspension and skip-to-Sync
 * after an error. Many Bind/Execute pairs may be pipelined before one Sync.
 */
final class ExtendedProtocol {
    /** Bound on named statements and portals per connection. */
    static final int MAX_OBJECTS = 100_000;

    /** A parsed statement; {@code statement} is null for an empty query string. */
    static final class Statement {
        final String name;
        final PreparedStatement statement;

        Statement(final String name, final PreparedStatement statement) {
            this.name = name;
            this.statement = statement;
        }
    }

    /** A bound portal and its result formats. */
    static final class BoundPortal {
        final String name;
        final Statement source;
        final Portal portal;
        final boolean[] binary;
        boolean done;

        BoundPortal(final String name, final Statement source, final Portal portal, final boolean[] binary) {
            this.name = name;
            this.source = source;
            this.portal = portal;
            this.binary = binary;
        }
    }

    private final PgConnection conn;
    private final Map<String, Statement> statements = new HashMap<>();
    private final Map<String, BoundPortal> portals = new HashMap<>();
    final ResultWriter rows;
    private boolean skipping;

    ExtendedProtocol(final PgConnection conn) {
        this.conn = conn;
        this.rows = new ResultWriter(conn.out);
    }

    boolean skipping() {
        return skipping;
    }

    /** After an error: discard messages until Sync. */
    void failed() {
        skipping = true;
    }

    void parse() throws IOException {
        final PgInput in = conn.in;
        final String name = in.cstring();
        final String sql = in.cstring();
        final int n = in.int16();
        if (n < 0) {
            throw new ProtocolException("invalid parameter count in Parse");
        }
        final List<PgType> types = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            final int oid = in.int32();
            types.add(oid == 0 ? null : PgType.byOid(oid));
        }
        if (!name.isEmpty() && statements.containsKey(name)) {
            throw new SqlException("42P05", "prepared statement \"" + name + "\" already exists");
        }
        if (statements.size() >= MAX_OBJECTS) {
            throw new SqlException("54000", "too many prepared statements in one session");
        }
        final List<String> parts = conn.session.split(sql);
        if (parts.size() > 1) {
            throw new SqlException("42601", "cannot insert multiple commands into a prepared statement");
        }
        final PreparedStatement ps = parts.isEmpty() ? null : conn.session.prepare(sql, types);
        statements.put(name, new Statement(name, ps));
        Messages.empty(conn.out, '1');
    }

    void bind() throws IOException {
        final PgInput in = conn.in;
        final String portalName = in.cstring();
        final String statementName = in.cstring();
        final int nFormats = in.int16();
        if (nFormats < 0) {
            throw new ProtocolException("invalid format count in Bind");
        }
        in.need(2 * nFormats);
        final int[] formats = new int[nFormats];
        for (int i = 0; i < nFormats; i++) {
            formats[i] = in.int16();
        }
        final Statement st = statements.get(statementName);
        if (st == null) {
            throw new SqlException("26000", "prepared statement \"" + statementName + "\" does not exist");
        }
        final int nParams = in.int16();
        final List<PgType> types = st.statement == null ? List.of() : st.statement.parameterTypes();
        if (nParams != types.size()) {
            throw new SqlException("08P01", String.format("bind message supplies %d parameters, but prepared statement "
                    + "\"%s\" requires %d", nParams, statementName, types.size()));
        }
        if (nFormats > 1 && nFormats != nParams) {
            throw new SqlException("08P01", String.format("bind message has %d parameter formats but %d parameters",
                    nFormats, nParams));
        }
        final Object[] values = new Object[nParams];
        final PgType.Format format = conn.session.format();
        for (int i = 0; i < nParams; i++) {
            final int len = in.int32();
            if (len == -1) {
                continue;
            }
            if (len < 0) {
                throw new ProtocolException("invalid parameter length in Bind");
            }
            in.need(len);
            final boolean binary = (nFormats == 0 ? 0 : formats[nFormats == 1 ? 0 : i]) == 1;
            final PgType t = types.get(i);
            final byte[] buf = in.buffer();
            final int at = in.position();
            in.skip(len);
            if (binary) {
                if (t == null) {
                    throw new SqlException("42P18", "could not determine data type of parameter $" + (i + 1));
                }
                values[i] = t.parseBinary(buf, at, len);
            } else {
                io.stratum.compute.types.Utf8.validate(buf, at, len);
                final String text = new String(buf, at, len, StandardCharsets.UTF_8);
                values[i] = t == null ? text : t.parseText(text, format);
            }
        }
        final int nResult = in.int16();
        if (nResult < 0) {
            throw new ProtocolException("invalid result format count in Bind");
        }
        in.need(2 * nResult);
        final int columns = st.statement == null ? 0 : st.statement.columns().size();
        boolean[] binary = null;
        if (nResult > 0) {
            if (nResult != 1 && nResult != columns) {
                throw new SqlException("08P01", String.format("bind message has %d result formats but query has %d columns",
                        nResult, columns));
            }
            binary = new boolean[columns];
            final int first = in.int16();
            for (int i = 0; i < columns; i++) {
                final int f = nResult == 1 ? first : (i == 0 ? first : in.int16());
                if (f != 0 && f != 1) {
                    throw new ProtocolException("0A000", "unsupported format code: " + f);
                }
                binary[i] = f == 1;
            }
        }
        if (!portalName.isEmpty() && portals.containsKey(portalName)) {
            throw new SqlException("42P03", "portal \"" + portalName + "\" already exists");
        }
        if (portals.size() >= MAX_OBJECTS) {
            throw new SqlException("54000", "too many portals in one session");
        }
        closePortal(portalName);
        final Portal portal = st.statement == null ? null : conn.session.bind(st.statement, values);
        portals.put(portalName, new BoundPortal(portalName, st, portal, binary));
        Messages.empty(conn.out, '2');
    }

    void describe() throws IOException {
        final PgInput in = conn.in;
        final int kind = in.int8();
        final String name = in.cstring();
        if (kind == 'S') {
            final Statement st = statements.get(name);
            if (st == null) {
                throw new SqlException("26000", "prepared statement \"" + name + "\" does not exist");
            }
            Messages.parameterDescription(conn.out, st.statement == null ? List.of() : st.statement.parameterTypes());
            rowDescriptionOrNoData(st.statement, null);
        } else if (kind == 'P') {
            final BoundPortal p = portals.get(name);
            if (p == null) {
                throw new SqlException("34000", "portal \"" + name + "\" does not exist");
            }
            rowDescriptionOrNoData(p.source.statement, p.binary);
        } else {
            throw new ProtocolException("invalid DESCRIBE message subtype " + kind);
        }
    }

    private void rowDescriptionOrNoData(final PreparedStatement ps, final boolean[] binary) throws IOException {
        if (ps == null || !ps.returnsRows() || ps.copyKind() != PreparedStatement.CopyKind.NONE) {
            Messages.empty(conn.out, 'n');
        } else {
            Messages.rowDescription(conn.out, ps.columns(), binary);
        }
    }

    void execute() throws IOException {
        final PgInput in = conn.in;
        final String name = in.cstring();
        final int maxRows = in.int32();
        final BoundPortal p = portals.get(name);
        if (p == null) {
            throw new SqlException("34000", "portal \"" + name + "\" does not exist");
        }
        if (p.portal == null) {
            Messages.empty(conn.out, 'I');
            return;
        }
        if (p.done) {
            Messages.commandComplete(conn.out, p.portal.commandTag());
            return;
        }
        if (run(p.portal, p.binary, maxRows <= 0 ? 0 : maxRows)) {
            p.done = true;
        } else {
            Messages.empty(conn.out, 's');
        }
    }

    /**
     * Executes (or resumes) a portal: rows as DataRow, COPY through {@link CopyProtocol}, then
     * CommandComplete. Returns false when suspended at the row limit.
     */
    boolean run(final Portal portal, final boolean[] binary, final int maxRows) throws IOException {
        final PreparedStatement ps = portal.statement();
        switch (ps.copyKind()) {
            case FROM_STDIN:
                CopyProtocol.copyIn(conn, portal);
                return true;
            case TO_STDOUT:
                CopyProtocol.copyOut(conn, portal);
                return true;
            default:
                rows.start(ps.columns(), binary, conn.session.format());
                final boolean complete;
                try {
                    complete = portal.execute(maxRows, rows);
                } finally {
                    conn.server().countBinaryValues(rows.takeBinaryValues());
                }
                if (!complete) {
                    return false;
                }
                Messages.commandComplete(conn.out, portal.commandTag());
                return true;
        }
    }

    void close() throws IOException {
        final PgInput in = conn.in;
        final int kind = in.int8();
        final String name = in.cstring();
        if (kind == 'S') {
            final Statement st = statements.remove(name);
            if (st != null) {
                final Iterator<BoundPortal> it = portals.values().iterator();
                while (it.hasNext()) {
                    final BoundPortal p = it.next();
                    if (p.source == st) {
                        closeQuietly(p);
                        it.remove();
                    }
                }
            }
        } else if (kind == 'P') {
            closePortal(name);
        } else {
            throw new ProtocolException("invalid CLOSE message subtype " + kind);
        }
        Messages.empty(conn.out, '3');
    }

    void sync() throws IOException {
        skipping = false;
        if (conn.session.transactionStatus() == 'I') {
            closeAllPortals();
        }
        conn.readyForQuery();
    }

    /** What a simple Query does first: drop the unnamed statement and portal. */
    void dropUnnamed() {
        closePortal("");
        statements.remove("");
    }

    private void closePortal(final String name) {
        final BoundPortal p = portals.remove(name);
        if (p != null) {
            closeQuietly(p);
        }
    }

    void closeAllPortals() {
        for (final BoundPortal p : portals.values()) {
            closeQuietly(p);
        }
        portals.clear();
    }

    private static void closeQuietly(final BoundPortal p) {
        if (p.portal != null) {
            try {
                p.portal.close();
            } catch (final RuntimeException e) {
                // a portal that fails to close has nothing left to release here
            }
        }
    }
}
