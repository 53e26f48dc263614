package io.stratum.compute.engine;

import io.stratum.compute.exec.Cursor;
import io.stratum.compute.session.Portal;
import io.stratum.compute.session.PreparedStatement;
import io.stratum.compute.session.RowSink;
import java.util.function.Consumer;

/** A bound statement ready to run; rows stream from a cursor or from a buffer. */
final class EnginePortal implements Portal {
    final EngineSession session;
    final EngineStatement statement;
    final Object[] params;
    boolean started;
    boolean done;
    String tag;
    /** Rows still to send: either a live cursor or a buffered one. */
    Cursor rows;
    long sent;
    /** A row read past the row limit, sent first on resumption. */
    Object[] lookahead;
    /** The tag to report once the rows are drained (SELECT n / INSERT 0 n ... RETURNING). */
    String pendingTag;
    boolean countRows;

    EnginePortal(final EngineSession session, final EngineStatement statement, final Object[] params) {
        this.session = session;
        this.statement = statement;
        this.params = params;
    }

    @Override
    public PreparedStatement statement() {
        return statement;
    }

    @Override
    public boolean execute(final int maxRows, final RowSink sink) {
        return session.execute(this, maxRows, sink);
    }

    @Override
    public String commandTag() {
        return tag;
    }

    @Override
    public CopyIn copyIn() {
        return session.copyIn(this);
    }

    @Override
    public void copyOut(final Consumer<byte[]> lines) {
        session.copyOut(this, lines);
    }

    @Override
    public int copyColumnCount() {
        return statement.copyColumns;
    }

    @Override
    public boolean copyCsv() {
        return statement.copyCsv;
    }

    @Override
    public void close() {
        session.closePortal(this);
    }
}
