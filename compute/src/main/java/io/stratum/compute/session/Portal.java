package io.stratum.compute.session;

import java.util.List;

/**
 * A bound statement, ready to execute (Bind / a statement of a simple query). Execution may be suspended
 * after a row limit and resumed (portal suspension).
 */
public interface Portal extends AutoCloseable {
    PreparedStatement statement();

    /**
     * Runs (or resumes) the statement, handing at most {@code maxRows} rows to {@code sink} (0: all).
     * Returns true when the statement completed (then {@link #commandTag()} is set), false when it was
     * suspended at the row limit.
     *
     * @throws SqlException on any error (the session's transaction is then failed, 25P02, until ROLLBACK)
     */
    boolean execute(int maxRows, RowSink sink);

    /** The CommandComplete tag, e.g. {@code INSERT 0 1}, {@code SELECT 5}, {@code BEGIN}. */
    String commandTag();

    /**
     * COPY FROM STDIN: the protocol sends CopyInResponse with {@link #copyColumnCount()} text columns and
     * feeds the data through the returned sink.
     */
    CopyIn copyIn();

    /** COPY TO STDOUT: lines (each ending in a newline) of text or CSV; {@link #commandTag()} after. */
    void copyOut(java.util.function.Consumer<byte[]> lines);

    /** Columns of the COPY, for CopyInResponse / CopyOutResponse. */
    int copyColumnCount();

    /** Whether the COPY uses CSV (else PostgreSQL's text format); both are sent as text (format 0). */
    boolean copyCsv();

    @Override
    void close();

    /** The receiving side of COPY FROM STDIN. */
    interface CopyIn {
        /** A CopyData message: any slice of the stream (rows may span messages). */
        void data(byte[] bytes, int offset, int length);

        /** CopyDone: finish the load; returns the command tag ({@code COPY n}). */
        String done();

        /** CopyFail from the client: abort the load with 57014. */
        void fail(String message);
    }

    /** Unused marker to keep the interface easy to extend. */
    List<Object> NONE = List.of();
}
