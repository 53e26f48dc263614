package io.stratum.chaos;

import io.stratum.wal.Lsn;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Supplier;

/**
 * A client thread of one workload: it keeps a pgJDBC connection (opening a new one after any connection
 * failure, at most every 250 ms), and runs one operation after another, each while holding the read side
 * of the run's gate, so the checker can take a quiescent snapshot by taking the write side.
 * <p>Threads: the one it starts in {@link #start()}, ended by {@link #stop()}.
 */
abstract class Worker implements Runnable {
    private final String name;
    private final Supplier<String> url;
    private final ReadWriteLock gate;
    protected final History history;
    protected final Random random;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread thread;
    private Connection connection;
    private volatile Throwable crash;

    Worker(final String name, final Supplier<String> url, final ReadWriteLock gate, final History history,
           final long seed) {
        this.name = name;
        this.url = url;
        this.gate = gate;
        this.history = history;
        this.random = new Random(seed);
    }

    /** Runs one operation on {@code c}; a connection failure it throws makes the worker reconnect. */
    abstract void operate(Connection c) throws SQLException;

    void start() {
        thread = new Thread(this, "chaos-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks the worker to stop and waits (at most 60 s) for its current operation to end. */
    void stop() {
        stopped.countDown();
        try {
            thread.join(60_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An unexpected exception that ended the worker, or null. */
    Throwable crash() {
        return crash;
    }

    boolean stopping() {
        return stopped.getCount() == 0;
    }

    @Override
    public void run() {
        try {
            while (!stopping()) {
                if (connection == null) {
                    try {
                        connection = DriverManager.getConnection(url.get());
                    } catch (final SQLException e) {
                        pause(250);
                        continue;
                    }
                }
                gate.readLock().lock();
                try {
                    operate(connection);
                } catch (final SQLException e) {
                    if (broken(e)) {
                        closeConnection();
                        pause(100);
                    }
                } finally {
                    gate.readLock().unlock();
                }
            }
        } catch (final RuntimeException | Error e) {
            crash = e;
        } finally {
            closeConnection();
        }
    }

    private void pause(final long ms) {
        try {
            stopped.await(ms, TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (final SQLException e) {
                // broken anyway
            }
            connection = null;
        }
    }

    /** A connection-level failure (class 08, 57P, a closed connection), after which a new connection is needed. */
    static boolean broken(final SQLException e) {
        final String s = e.getSQLState();
        return s == null || s.startsWith("08") || s.startsWith("57P") || s.equals("XX000") || s.equals("58030");
    }

    /** Whether a failed COMMIT (or autocommit statement) certainly did not commit. */
    static boolean certainlyAborted(final SQLException e) {
        final String s = e.getSQLState();
        return s != null && (s.equals("40001") || s.equals("40P01") || s.equals("23505") || s.startsWith("25")
            || s.startsWith("42") || s.startsWith("22"));
    }

    /** {@code pg_current_wal_lsn()} on {@code c}, or 0 when the connection fails right after the commit. */
    static long currentLsn(final Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()")) {
            return rs.next() ? Lsn.parse(rs.getString(1)) : 0;
        } catch (final SQLException e) {
            return 0;
        }
    }

    /** ROLLBACK if the connection still answers. */
    static void rollbackQuietly(final Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
        } catch (final SQLException e) {
            // the transaction is gone with the connection
        }
    }

    String name() {
        return name;
    }
}
