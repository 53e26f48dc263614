package io.stratum.chaos;

import io.stratum.wal.Lsn;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Function;

/**
 * Historical reads: at random moments the checker stops the writers between transactions (the write side
 * of the gate), reads a digest of every table and {@code pg_current_wal_lsn()}, twice, and keeps the pair
 * when both reads agree (no commit was still landing). Later, and at the end, {@code main@LSN} must show
 * exactly that digest.
 * <p>Threads: none (called by the checker thread and by the final check).
 */
final class Snapshots {
    /** What the database held at {@code lsn}, and when (System.nanoTime) it was read. */
    record Snapshot(long lsn, String digest, long atNs) {
    }

    private final Function<String, String> url;
    private final ReadWriteLock gate;
    private final History history;
    private final List<Snapshot> taken = new ArrayList<>();

    Snapshots(final Function<String, String> url, final ReadWriteLock gate, final History history) {
        this.url = url;
        this.gate = gate;
        this.history = history;
    }

    /** The digest: balances, and count and sum of the ids of the other tables, each ordered. */
    static String digest(final Connection c) throws SQLException {
        final StringBuilder sb = new StringBuilder("accounts=");
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id, balance FROM accounts ORDER BY id")) {
                while (rs.next()) {
                    sb.append(rs.getInt(1)).append(':').append(rs.getLong(2)).append(',');
                }
            }
            for (final String q : new String[] {"SELECT count(*), sum(id), sum(amount) FROM transfers",
                "SELECT count(*), sum(id), sum(seq) FROM ledger", "SELECT count(*), sum(k), sum(attempt) FROM uniq"}) {
                try (ResultSet rs = s.executeQuery(q)) {
                    rs.next();
                    sb.append(';').append(rs.getLong(1)).append('/').append(rs.getString(2)).append('/')
                        .append(rs.getString(3));
                }
            }
        }
        return sb.toString();
    }

    /** Takes a quiescent snapshot if the writers stop within 5 s; returns it or null. */
    Snapshot take() {
        try {
            if (!gate.writeLock().tryLock(5, TimeUnit.SECONDS)) {
                return null;
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        try (Connection c = DriverManager.getConnection(url.apply("main"))) {
            final long l1 = lsn(c);
            final String d1 = digest(c);
            final long l2 = lsn(c);
            final String d2 = digest(c);
            if (l1 != l2 || !d1.equals(d2)) {
                return null;
            }
            final Snapshot s = new Snapshot(l1, d1, System.nanoTime());
            synchronized (taken) {
                taken.add(s);
            }
            return s;
        } catch (final SQLException e) {
            return null;
        } finally {
            gate.writeLock().unlock();
        }
    }

    private static long lsn(final Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()")) {
            rs.next();
            return Lsn.parse(rs.getString(1));
        }
    }

    List<Snapshot> all() {
        synchronized (taken) {
            return List.copyOf(taken);
        }
    }

    /**
     * Reads {@code main@LSN} of {@code s} and compares; returns false when it could not be read (the caller
     * decides whether that is a failure), true when it was read (a difference is recorded as a mismatch).
     */
    boolean verify(final Snapshot s) {
        try (Connection c = DriverManager.getConnection(url.apply("main@" + Lsn.format(s.lsn())))) {
            final String now = digest(c);
            if (!now.equals(s.digest())) {
                history.mismatch("main@" + Lsn.format(s.lsn()) + " shows " + now + " but showed " + s.digest());
            }
            return true;
        } catch (final SQLException e) {
            return false;
        }
    }
}
