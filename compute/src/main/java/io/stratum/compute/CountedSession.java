package io.stratum.compute;

import io.stratum.compute.session.Notice;
import io.stratum.compute.session.Portal;
import io.stratum.compute.session.PreparedStatement;
import io.stratum.compute.session.Session;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.PgType;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A session that tells its database when it closes, so an unused point-in-time store can be closed, and that
 * can be terminated from another thread (its branch was reset, restored or deleted): what it runs is
 * cancelled and every later request fails with FATAL 57P01, which ends the connection.
 */
final class CountedSession implements Session {
    static final String TERMINATED = "terminating connection due to administrator command";

    private final Session inner;
    private final Runnable onClose;
    private boolean closed;
    private volatile String terminated;

    CountedSession(final Session inner, final Runnable onClose) {
        this.inner = inner;
        this.onClose = onClose;
    }

    @Override
    public Map<String, String> drainParameterStatus() {
        return inner.drainParameterStatus();
    }

    /** Cancels what the session runs and makes its next request end the connection (57P01, {@code detail}). */
    void terminate(final String detail) {
        terminated = detail;
        inner.cancel();
    }

    boolean isTerminated() {
        return terminated != null;
    }

    private void checkTerminated() {
        final String t = terminated;
        if (t != null) {
            throw new SqlException("FATAL", "57P01", TERMINATED, t, null, 0, null);
        }
    }

    @Override
    public List<String> split(final String sql) {
        checkTerminated();
        return inner.split(sql);
    }

    @Override
    public PreparedStatement prepareSimple(final String sql) {
        return inner.prepareSimple(sql);
    }

    @Override
    public PreparedStatement prepare(final String sql, final List<PgType> parameterTypes) {
        checkTerminated();
        return inner.prepare(sql, parameterTypes);
    }

    @Override
    public Portal bind(final PreparedStatement statement, final Object[] parameters) {
        checkTerminated();
        return inner.bind(statement, parameters);
    }

    @Override
    public void sync() {
        checkTerminated();
        inner.sync();
    }

    @Override
    public char transactionStatus() {
        return inner.transactionStatus();
    }

    @Override
    public void onNotice(final Consumer<Notice> sink) {
        inner.onNotice(sink);
    }

    @Override
    public void cancel() {
        inner.cancel();
    }

    @Override
    public PgType.Format format() {
        return inner.format();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            inner.close();
        } finally {
            onClose.run();
        }
    }
}
