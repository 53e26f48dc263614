package io.stratum.compute.engine;

import io.stratum.compute.catalog.Catalog;
import io.stratum.compute.catalog.CatalogContext;
import io.stratum.compute.catalog.CatalogSnapshot;
import io.stratum.compute.exec.Cursor;
import io.stratum.compute.exec.ExecContext;
import io.stratum.compute.exec.PlanNode;
import io.stratum.compute.session.Notice;
import io.stratum.compute.session.Portal;
import io.stratum.compute.session.PreparedStatement;
import io.stratum.compute.session.RowSink;
import io.stratum.compute.session.Session;
import io.stratum.compute.session.SqlException;
import io.stratum.compute.sql.ast.Commit;
import io.stratum.compute.sql.ast.IsolationLevel;
import io.stratum.compute.sql.ast.Rollback;
import io.stratum.compute.sql.ast.RollbackTo;
import io.stratum.compute.sql.ast.Statement;
import io.stratum.compute.sql.ast.TransactionModes;
import io.stratum.compute.sql.parser.AutoParams;
import io.stratum.compute.sql.parser.Parser;
import io.stratum.compute.types.PgType;
import io.stratum.mvcc.Isolation;
import io.stratum.mvcc.MvccStore;
import io.stratum.mvcc.Transaction;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One client session: the transaction state machine exactly as PostgreSQL's (autocommit per statement,
 * explicit blocks, failed blocks answering 25P02, savepoints), settings, prepared statements and the plan
 * cache. One thread at a time; {@link #cancel()} from any thread.
 */
final class EngineSession implements Session {
    enum State { IDLE, BLOCK, FAILED }

    record SavepointEntry(String name, int handle) {
    }

    final SqlEngine engine;
    final MvccStore store;
    final Catalog catalog;
    final String user;
    final String database;
    final boolean readOnly;
    final Settings settings;
    final int pid;
    final SessionEnv env;
    final Executor executor;
    private Consumer<Notice> notices = n -> { };

    State state = State.IDLE;
    Transaction tx;
    boolean implicit;
    /** BEGIN's modes, applied when the block's first statement starts the mvcc transaction. */
    TransactionModes pendingModes;
    boolean blockReadOnly;
    Isolation blockIsolation;
    final List<SavepointEntry> savepoints = new ArrayList<>();
    OffsetDateTime txnStart;
    OffsetDateTime stmtStart;
    private volatile ExecContext current;
    private volatile Transaction currentTx;
    private volatile boolean cancelRequested;
    /** The lock timeout last set on the current mvcc transaction (ms, 0 none). */
    private long appliedLockTimeout;
    final Map<String, EngineStatement> sqlPrepared = new HashMap<>();
    private final LinkedHashMap<String, EngineStatement> planCache;
    /** Parameterized texts whose plan could not be made (a literal the grammar needs), bounded. */
    private final java.util.Set<String> autoRefused = new java.util.HashSet<>();
    boolean closed;
    private static final java.util.concurrent.atomic.AtomicLong SESSIONS = new java.util.concurrent.atomic.AtomicLong();
    /** This session's temporary directory (spilling sorts), made on first use and removed at close. */
    final java.nio.file.Path tempDir;

    EngineSession(final SqlEngine engine, final MvccStore store, final Catalog catalog, final String user,
                  final String database, final boolean readOnly, final Map<String, String> startup, final int pid) {
        this.engine = engine;
        this.store = store;
        this.catalog = catalog;
        this.user = user;
        this.database = database;
        this.readOnly = readOnly;
        this.pid = pid;
        this.settings = new Settings(user, startup);
        if (readOnly) {
            settings.set("default_transaction_read_only", List.of("on"), false, false);
        }
        this.tempDir = engine.config().tempDirectory().resolve("session_" + ProcessHandle.current().pid() + "_" + pid + "_"
            + SESSIONS.incrementAndGet());
        this.env = new SessionEnv(this);
        this.executor = new Executor(this);
        final int cap = engine.config().planCacheSize();
        this.planCache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, EngineStatement> e) {
                return size() > cap;
            }
        };
    }

    // ---- Session SPI ----

    @Override
    public Map<String, String> drainParameterStatus() {
        return settings.drainReport();
    }

    @Override
    public List<String> split(final String sql) {
        return Parser.split(sql);
    }

    @Override
    public PreparedStatement prepare(final String sql, final List<PgType> parameterTypes) {
        try {
            return prepareInternal(sql, parameterTypes);
        } catch (final RuntimeException e) {
            final SqlException se = Errors.map(e, false);
            if (state == State.BLOCK) {
                state = State.FAILED;
                abortInBlock();
            }
            throw se;
        }
    }

    @Override
    public PreparedStatement prepareSimple(final String sql) {
        if (state != State.FAILED) {
            final AutoParams.Parameterized p = AutoParams.of(sql);
            if (p != null && !autoRefused.contains(p.sql())) {
                try {
                    final EngineStatement st = prepareInternal(p.sql(), p.types());
                    // a plan whose folding would have evaluated the literals (1 / 0, CASE WHEN 2 > 1 ...) is made
                    // from the text as sent, where they are constants
                    if (st.plan != null && st.paramTypes.equals(p.types()) && !st.foldsParams) {
                        return new AutoBound(st, p.values(), sql);
                    }
                } catch (final RuntimeException e) {
                    // prepared below from the text as sent, so that its error (and position) is the literal's
                }
                if (autoRefused.size() >= engine.config().planCacheSize()) {
                    autoRefused.clear();
                }
                autoRefused.add(p.sql());
            }
        }
        return prepare(sql, List.of());
    }

    EngineStatement prepareInternal(final String sql, final List<PgType> parameterTypes) {
        final String key = parameterTypes == null || parameterTypes.isEmpty() ? sql : planKey(sql, parameterTypes);
        final EngineStatement cached = planCache.get(key);
        if (cached != null && state != State.FAILED && cached.boundFor == snapshot()) {
            return cached;
        }
        final List<Statement> stmts = Parser.parse(sql);
        if (stmts.size() > 1) {
            throw new SqlException("42601", "cannot insert multiple commands into a prepared statement");
        }
        final Statement ast = stmts.isEmpty() ? null : stmts.get(0);
        if (state == State.FAILED && !allowedWhenFailed(ast)) {
            throw aborted();
        }
        final EngineStatement st = new EngineStatement(sql, ast, parameterTypes);
        executor.bind(st);
        if (st.plan != null || Executor.isTransactionControl(ast)) {
            planCache.put(key, st);
        }
        return st;
    }

    /** The plan cache's key of a statement prepared with parameter types: the text, NUL, each type's OID ({@code -} where unspecified). */
    private static String planKey(final String sql, final List<PgType> types) {
        final StringBuilder b = new StringBuilder(sql.length() + 6 * types.size()).append(sql).append('\u0000');
        for (final PgType t : types) {
            if (t == null) {
                b.append('-'); // not specified by the client: inferred at bind
            } else {
                b.append(t.oid());
            }
            b.append(',');
        }
        return b.toString();
    }

    static SqlException aborted() {
        return new SqlException("25P02", "current transaction is aborted, commands ignored until end of transaction block");
    }

    static boolean allowedWhenFailed(final Statement s) {
        return s == null || s instanceof Rollback || s instanceof Commit || s instanceof RollbackTo;
    }

    @Override
    public Portal bind(final PreparedStatement statement, final Object[] parameters) {
        if (statement instanceof AutoBound) {
            final AutoBound a = (AutoBound) statement;
            return bind(a.plan, a.values);
        }
        if (state == State.FAILED && !allowedWhenFailed(((EngineStatement) statement).ast)) {
            throw aborted();
        }
        return new EnginePortal(this, (EngineStatement) statement, parameters == null ? new Object[0] : parameters);
    }

    @Override
    public char transactionStatus() {
        switch (state) {
            case BLOCK: return 'T';
            case FAILED: return 'E';
            default: return 'I';
        }
    }

    @Override
    public void onNotice(final Consumer<Notice> sink) {
        notices = sink == null ? n -> { } : sink;
    }

    void notice(final String severity, final String state, final String message) {
        notice(severity, state, message, null);
    }

    void notice(final String severity, final String state, final String message, final String detail) {
        final String min = settings.get("client_min_messages");
        if ((min.equals("warning") && severity.equals("NOTICE")) || (min.equals("error") && !severity.equals("ERROR"))) {
            return;
        }
        notices.accept(new Notice(severity, state, message, detail, null));
    }

    @Override
    public void cancel() {
        cancelRequested = true;
        final ExecContext cx = current;
        if (cx != null) {
            cx.cancel();
            synchronized (cx) {
                cx.notifyAll();
            }
        }
        final Transaction t = currentTx;
        if (t != null) {
            t.cancel();
        }
    }

    @Override
    public PgType.Format format() {
        int digits;
        try {
            digits = Integer.parseInt(settings.get("extra_float_digits"));
        } catch (final NumberFormatException e) {
            digits = 1;
        }
        return new PgType.Format(settings.zone(), digits);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (tx != null) {
                rollbackTx();
            }
            state = State.IDLE;
        } finally {
            endTempFiles(current);
            io.stratum.compute.exec.TempFiles.removeDirectory(tempDir);
        }
    }

    // ---- transactions ----

    CatalogSnapshot snapshot() {
        return tx != null ? catalog.snapshot(tx) : catalog.snapshot();
    }

    CatalogContext catalogContext() {
        return new CatalogContext(user, database, settings.searchPath(), settings::all);
    }

    static Isolation isolationOf(final String s) {
        switch (s) {
            case "repeatable read": return Isolation.REPEATABLE_READ;
            case "serializable": return Isolation.SERIALIZABLE;
            default: return Isolation.READ_COMMITTED;
        }
    }

    static String isolationName(final Isolation i) {
        switch (i) {
            case REPEATABLE_READ: return "repeatable read";
            case SERIALIZABLE: return "serializable";
            default: return "read committed";
        }
    }

    /** BEGIN: the block starts now; its mvcc transaction starts with the first statement that needs it. */
    void beginBlock(final TransactionModes modes) {
        state = State.BLOCK;
        txnStart = OffsetDateTime.now(ZoneOffset.UTC);
        blockIsolation = isolationOf(settings.get("default_transaction_isolation"));
        blockReadOnly = readOnly || settings.get("default_transaction_read_only").equals("on");
        applyModes(modes == null ? new TransactionModes(null, null, null, 0) : modes);
    }

    void applyModes(final TransactionModes modes) {
        if (modes == null) {
            return;
        }
        if (modes.isolation() != null) {
            blockIsolation = modes.isolation() == IsolationLevel.REPEATABLE_READ ? Isolation.REPEATABLE_READ
                : modes.isolation() == IsolationLevel.SERIALIZABLE ? Isolation.SERIALIZABLE : Isolation.READ_COMMITTED;
        }
        if (modes.readOnly() != null) {
            if (!modes.readOnly() && readOnly) {
                throw new SqlException("25006", "cannot set transaction read-write mode during recovery");
            }
            blockReadOnly = modes.readOnly() || readOnly;
        }
        settings.setTransient("transaction_isolation", isolationName(blockIsolation));
        serializableNotice();
        settings.setTransient("transaction_read_only", blockReadOnly ? "on" : "off");
    }

    private void serializableNotice() {
        if (blockIsolation == Isolation.SERIALIZABLE && !store.serializableIsExact()) {
            notice("NOTICE", "00000", "SERIALIZABLE runs as REPEATABLE READ in Stratum (snapshot isolation)");
        }
    }

    /** The transaction a statement runs in: the block's (started lazily) or a new implicit one. */
    Transaction ensureTx() {
        if (tx != null) {
            return tx;
        }
        if (state == State.IDLE) {
            implicit = true;
            txnStart = OffsetDateTime.now(ZoneOffset.UTC);
            blockIsolation = isolationOf(settings.get("default_transaction_isolation"));
            blockReadOnly = readOnly || settings.get("default_transaction_read_only").equals("on");
        }
        if (implicit) {
            serializableNotice();
        }
        tx = store.begin(blockIsolation, blockReadOnly);
        appliedLockTimeout = 0;
        return tx;
    }

    void commitTx() {
        final Transaction t = tx;
        tx = null;
        implicit = false;
        savepoints.clear();
        state = State.IDLE;
        if (t == null) {
            settings.endTransaction(true);
            return;
        }
        boolean ok = false;
        try {
            t.commit();
            ok = true;
        } finally {
            if (!ok && !t.finished()) {
                try {
                    t.rollback();
                } catch (final RuntimeException ignored) {
                    // the commit error is what the client sees
                }
            }
            catalog.transactionEnded(t, ok);
            settings.endTransaction(ok);
        }
    }

    void rollbackTx() {
        final Transaction t = tx;
        tx = null;
        implicit = false;
        savepoints.clear();
        state = State.IDLE;
        if (t != null) {
            try {
                if (!t.finished()) {
                    t.rollback();
                }
            } finally {
                catalog.transactionEnded(t, false);
            }
        }
        settings.endTransaction(false);
    }

    /** After an error in a statement: an implicit transaction rolls back, a block becomes failed. */
    SqlException fail(final Throwable e) {
        final boolean timedOut = current != null && current.pastDeadline() && !cancelRequested;
        final SqlException se = Errors.map(e, timedOut);
        endTempFiles(current);
        current = null;
        currentTx = null;
        if (implicit || state == State.IDLE) {
            try {
                rollbackTx();
            } catch (final RuntimeException ignored) {
                // already failing
            }
        } else {
            state = State.FAILED;
            abortInBlock();
        }
        return se;
    }

    /**
     * An error in a block aborts the work at once, as PostgreSQL does: the whole transaction (releasing its
     * locks) without savepoints, else back to the innermost savepoint; the block answers 25P02 until ROLLBACK
     * or ROLLBACK TO.
     */
    private void abortInBlock() {
        final Transaction t = tx;
        if (t == null) {
            return;
        }
        try {
            if (savepoints.isEmpty()) {
                tx = null;
                if (!t.finished()) {
                    t.rollback();
                }
                catalog.transactionEnded(t, false);
            } else {
                t.rollbackTo(savepoints.get(savepoints.size() - 1).handle());
                catalog.rolledBackToSavepoint(t);
            }
        } catch (final RuntimeException ignored) {
            // the original error is what the client sees
        }
    }

    // ---- statement execution ----

    ExecContext startStatement(final Object[] params) {
        cancelRequested = false;
        stmtStart = OffsetDateTime.now(ZoneOffset.UTC);
        final long timeout = settings.millis("statement_timeout");
        final long deadline = timeout > 0 ? System.nanoTime() + timeout * 1_000_000L : Long.MAX_VALUE;
        final ExecContext cx = new ExecContext(params, env, engine.config().maxStatementMemory(), deadline);
        endTempFiles(current); // a statement that neither ended nor failed (a portal left open)
        current = cx;
        if (tx != null) {
            currentTx = tx;
            // lock waits end at lock_timeout or at the statement's deadline, whichever comes first
            final long lockMs = settings.millis("lock_timeout");
            final long wanted = timeout > 0 ? (lockMs > 0 ? Math.min(lockMs, timeout) : timeout) : lockMs;
            if (wanted != appliedLockTimeout) {
                store.setLockTimeout(tx, Duration.ofMillis(wanted));
                appliedLockTimeout = wanted;
            }
        }
        return cx;
    }

    void endStatement() {
        endTempFiles(current);
        current = null;
        currentTx = null;
        if (implicit) {
            commitTx();
        }
    }

    /** Deletes the temporary files {@code cx} still holds (its sorts delete theirs when closed). */
    private static void endTempFiles(final ExecContext cx) {
        if (cx != null) {
            try {
                cx.closeTempFiles();
            } catch (final RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(EngineSession.class).warn("temporary files left: {}", e.getMessage());
            }
        }
    }

    boolean execute(final EnginePortal p, final int maxRows, final RowSink sink) {
        if (p.done) {
            return true;
        }
        try {
            if (!p.started) {
                p.started = true;
                if (state == State.FAILED && !allowedWhenFailed(p.statement.ast)) {
                    p.done = true;
                    throw aborted();
                }
                executor.start(p, maxRows);
            }
            if (p.rows != null) {
                int n = 0;
                while (true) {
                    Object[] r = p.lookahead;
                    p.lookahead = null;
                    if (r == null) {
                        r = p.rows.next();
                    }
                    if (r == null) {
                        break;
                    }
                    if (maxRows > 0 && n >= maxRows) {
                        p.lookahead = r;
                        return false;
                    }
                    sink.row(r);
                    p.sent++;
                    n++;
                }
                p.rows.close();
                p.rows = null;
            }
            p.done = true;
            p.tag = p.pendingTag != null ? p.pendingTag : p.tag;
            if (p.countRows) {
                p.tag = "SELECT " + p.sent;
            }
            if (current != null) {
                endStatement();
            }
            return true;
        } catch (final RuntimeException | Error e) {
            p.done = true;
            if (p.rows != null) {
                try {
                    p.rows.close();
                } catch (final RuntimeException ignored) {
                    // closing after a failure
                }
                p.rows = null;
            }
            if (e instanceof SqlException && "25P02".equals(((SqlException) e).sqlState())) {
                throw (SqlException) e;
            }
            throw fail(e);
        }
    }

    void closePortal(final EnginePortal p) {
        if (p.rows != null) {
            p.rows.close();
            p.rows = null;
            if (current != null) {
                endStatement();
            }
        }
    }

    Portal.CopyIn copyIn(final EnginePortal p) {
        try {
            return executor.copyIn(p);
        } catch (final RuntimeException e) {
            throw fail(e);
        }
    }

    void copyOut(final EnginePortal p, final Consumer<byte[]> lines) {
        try {
            executor.copyOut(p, lines);
        } catch (final RuntimeException e) {
            throw fail(e);
        }
    }

    /** A cursor over a plan in the running statement's context. */
    Cursor open(final PlanNode plan, final ExecContext cx) {
        return plan.open(cx);
    }

    ExecContext current() {
        return current;
    }

    Consumer<Notice> notices() {
        return notices;
    }
}
