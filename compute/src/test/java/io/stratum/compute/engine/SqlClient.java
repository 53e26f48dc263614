package io.stratum.compute.engine;

import io.stratum.compute.session.Notice;
import io.stratum.compute.session.Portal;
import io.stratum.compute.session.PreparedStatement;
import io.stratum.compute.session.Session;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Drives a Session as the wire protocol does (simple query and extended protocol), for tests. */
final class SqlClient {
    /** One statement's outcome: column names, rows as text, command tag. */
    record Result(List<String> columns, List<List<String>> rows, String tag, PreparedStatement statement) {
        String scalar() {
            return rows.get(0).get(0);
        }

        List<String> column(final int i) {
            final List<String> out = new ArrayList<>();
            for (final List<String> r : rows) {
                out.add(r.get(i));
            }
            return out;
        }
    }

    final Session session;
    final List<Notice> notices = new ArrayList<>();

    SqlClient(final Session session) {
        this.session = session;
        session.onNotice(notices::add);
    }

    /** Runs a simple query (possibly several statements); returns the last result, throws the first error. */
    Result q(final String sql) {
        Result last = null;
        for (final String text : session.split(sql)) {
            last = run(session.prepareSimple(text), new Object[0]);
        }
        return last;
    }

    List<List<String>> rows(final String sql) {
        return q(sql).rows();
    }

    String one(final String sql) {
        return q(sql).scalar();
    }

    /** Extended protocol: Parse without types, Bind with values, Execute. */
    Result x(final String sql, final Object... params) {
        return run(sql, List.of(), params);
    }

    Result run(final String sql, final List<PgType> types, final Object[] params) {
        return run(session.prepare(sql, types), params);
    }

    private Result run(final PreparedStatement ps, final Object[] params) {
        try (Portal p = session.bind(ps, params)) {
            final List<List<String>> rows = new ArrayList<>();
            final PgType.Format f = session.format();
            if (ps.copyKind() == PreparedStatement.CopyKind.TO_STDOUT) {
                p.copyOut(line -> rows.add(List.of(new String(line, StandardCharsets.UTF_8))));
                return new Result(List.of(), rows, p.commandTag(), ps);
            }
            p.execute(0, row -> {
                final List<String> r = new ArrayList<>();
                for (int i = 0; i < row.length; i++) {
                    final PgType t = ps.columns().get(i).type();
                    r.add(row[i] == null ? null : t.formatText(row[i], f));
                }
                rows.add(r);
            });
            final List<String> cols = new ArrayList<>();
            ps.columns().forEach(c -> cols.add(c.name()));
            return new Result(cols, rows, p.commandTag(), ps);
        }
    }

    /** COPY ... FROM STDIN with the given chunks. */
    String copyIn(final String sql, final String... chunks) {
        final PreparedStatement ps = session.prepare(sql, List.of());
        try (Portal p = session.bind(ps, new Object[0])) {
            final Portal.CopyIn in = p.copyIn();
            for (final String c : chunks) {
                final byte[] b = c.getBytes(StandardCharsets.UTF_8);
                in.data(b, 0, b.length);
            }
            return in.done();
        }
    }

    /** The SQLSTATE of the error {@code sql} raises (fails when it succeeds). */
    String error(final String sql) {
        try {
            q(sql);
        } catch (final SqlException e) {
            return e.sqlState();
        }
        throw new AssertionError("expected an error from: " + sql);
    }

    SqlException exception(final String sql) {
        try {
            q(sql);
        } catch (final SqlException e) {
            return e;
        }
        throw new AssertionError("expected an error from: " + sql);
    }

    static List<String> row(final String... v) {
        return Arrays.asList(v);
    }
}
