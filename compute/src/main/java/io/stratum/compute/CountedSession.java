package io.stratum.compute;

import io.stratum.compute.session.Notice;
import io.stratum.compute.session.Portal;
import io.stratum.compute.session.PreparedStatement;
import io.stratum.compute.session.Session;
import io.stratum.compute.types.PgType;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A session that tells its database when it closes, so an unused point-in-time store can be closed. */
final class CountedSession implements Session {
    private final Session inner;
    private final Runnable onClose;
    private boolean closed;

    CountedSession(final Session inner, final Runnable onClose) {
        this.inner = inner;
        this.onClose = onClose;
    }

    @Override
    public Map<String, String> drainParameterStatus() {
        return inner.drainParameterStatus();
    }

    @Override
    public List<String> split(final String sql) {
        return inner.split(sql);
    }

    @Override
    public PreparedStatement prepare(final String sql, final List<PgType> parameterTypes) {
        return inner.prepare(sql, parameterTypes);
    }

    @Override
    public Portal bind(final PreparedStatement statement, final Object[] parameters) {
        return inner.bind(statement, parameters);
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
