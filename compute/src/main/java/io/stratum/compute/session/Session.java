package io.stratum.compute.session;

import io.stratum.compute.types.PgType;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The SQL side of one client connection: what the wire protocol drives. One thread uses a session at a
 * time (the connection's), except {@link #cancel()}, which any thread may call.
 */
public interface Session extends AutoCloseable {
    /**
     * ParameterStatus values to send after authentication (all 13 that PostgreSQL 15 sends, in any order)
     * and, later, each GUC_REPORT setting that changed since the last call (the protocol sends them before
     * ReadyForQuery). Returns an empty map when nothing changed.
     */
    Map<String, String> drainParameterStatus();

    /** Splits a simple-query string into its statements (comments and empty statements dropped). */
    List<String> split(String sql);

    /**
     * Parses and analyses one statement. {@code parameterTypes} may be shorter than the statement's
     * parameter count or hold nulls (unspecified: infer from context).
     *
     * @throws SqlException syntax errors (42601) with a position, unknown names (42P01, 42703), ...
     */
    PreparedStatement prepare(String sql, List<PgType> parameterTypes);

    /**
     * Prepares one statement of a simple Query message (no parameters, text results). A session may serve
     * it from a plan shared by statements that differ only in their literals; the default is
     * {@link #prepare} without parameter types.
     */
    default PreparedStatement prepareSimple(final String sql) {
        return prepare(sql, List.of());
    }

    /** Binds parameter values (Java forms of {@link PgType}, null for NULL) to a statement. */
    Portal bind(PreparedStatement statement, Object[] parameters);

    /** 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block (ReadyForQuery). */
    char transactionStatus();

    /**
     * The end of a group of protocol messages: called at each Sync of the extended protocol and after
     * the last statement (or the error) of each simple Query, always before {@link #transactionStatus()}
     * is read for ReadyForQuery. In PostgreSQL the statements of such a group outside a transaction block
     * form one implicit transaction (a pipelined pgJDBC batch commits once, and an error rolls back the
     * whole group); a session that does that commits or rolls back here. A session that commits each
     * statement as it completes may ignore the call (the default).
     */
    default void sync() {
    }

    /**
     * Where notices of this session go (the protocol sends them as NoticeResponse). Call the sink only on
     * the connection's thread, from inside a call of this session or its portals: it writes to the
     * connection's output buffer.
     */
    void onNotice(Consumer<Notice> sink);

    /** Cancels the statement running now, if any (57014). Any thread. */
    void cancel();

    /** The formats the protocol uses for text output of values (DateStyle, TimeZone, extra_float_digits). */
    PgType.Format format();

    /** Called at Terminate or disconnect: rolls back an open transaction. */
    @Override
    void close();
}
