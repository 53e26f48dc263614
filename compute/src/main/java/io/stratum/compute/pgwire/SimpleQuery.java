package io.stratum.compute.pgwire;

import io.stratum.compute.session.Portal;
import io.stratum.compute.session.PreparedStatement;
import java.io.IOException;
import java.util.List;

/**
 * One simple Query message: each statement of the string is prepared ({@code Session.prepareSimple}), bound,
 * described and run to completion with text results; the first error ends the message; then
 * ReadyForQuery. An empty string answers EmptyQueryResponse.
 */
final class SimpleQuery {
    private static final Object[] NO_PARAMETERS = new Object[0];

    private final PgConnection conn;
    private final ExtendedProtocol extended;

    SimpleQuery(final PgConnection conn, final ExtendedProtocol extended) {
        this.conn = conn;
        this.extended = extended;
    }

    void run(final String sql) throws IOException {
        extended.dropUnnamed();
        final List<String> statements = conn.session.split(sql);
        if (statements.isEmpty()) {
            Messages.empty(conn.out, 'I');
        }
        for (final String text : statements) {
            final PreparedStatement ps = conn.session.prepareSimple(text);
            try (Portal portal = conn.session.bind(ps, NO_PARAMETERS)) {
                if (ps.copyKind() == PreparedStatement.CopyKind.NONE && ps.returnsRows()) {
                    Messages.rowDescription(conn.out, ps.columns(), null);
                }
                extended.run(portal, null, 0);
            }
        }
        conn.readyForQuery();
    }
}
