package io.stratum.chaos;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Supplier;

/**
 * The client workloads: bank transfers (the total balance never changes), an append-only ledger, inserts
 * of random keys into a table with a primary key, and a reader that checks what snapshots show while they
 * run. Schema: {@link #SCHEMA}.
 */
final class Workloads {
    static final int ACCOUNTS = 8;
    static final long INITIAL_BALANCE = 1000;
    static final long TOTAL = ACCOUNTS * INITIAL_BALANCE;
    static final int UNIQUE_KEYS = 50_000;
    static final long LEDGER_WRITER = 1_000_000_000L;

    static final String[] SCHEMA = {
        "CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL)",
        "CREATE TABLE transfers (id bigint PRIMARY KEY, src int NOT NULL, dst int NOT NULL, amount bigint NOT NULL)",
        "CREATE TABLE ledger (id bigint PRIMARY KEY, writer int NOT NULL, seq int NOT NULL)",
        "CREATE TABLE uniq (k int PRIMARY KEY, attempt bigint NOT NULL)",
        "INSERT INTO accounts SELECT g, " + INITIAL_BALANCE + " FROM generate_series(0, " + (ACCOUNTS - 1) + ") g",
    };

    private Workloads() {
    }

    /** Moves a random amount between two accounts, by read-modify-write under REPEATABLE READ or by UPDATE ... balance - x. */
    static final class Bank extends Worker {
        private final int index;
        private long seq;

        Bank(final int index, final Supplier<String> url, final ReadWriteLock gate, final History h, final long seed) {
            super("bank-" + index, url, gate, h, seed);
            this.index = index;
        }

        @Override
        void operate(final Connection c) throws SQLException {
            final long id = ((long) index << 32) | ++seq;
            final int a = random.nextInt(ACCOUNTS);
            final int b = (a + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
            final long amount = 1 + random.nextInt(50);
            final boolean rmw = random.nextBoolean();
            final long[] detail = {a, b, amount};
            final long start = System.nanoTime();
            boolean commitSent = false;
            try (Statement s = c.createStatement()) {
                s.execute(rmw ? "BEGIN ISOLATION LEVEL REPEATABLE READ" : "BEGIN");
                if (rmw) {
                    final long ba = balance(c, a);
                    final long bb = balance(c, b);
                    set(c, a, ba - amount);
                    set(c, b, bb + amount);
                } else {
                    add(c, a, -amount);
                    add(c, b, amount);
                }
                try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO transfers (id, src, dst, amount) VALUES (?, ?, ?, ?)")) {
                    p.setLong(1, id);
                    p.setInt(2, a);
                    p.setInt(3, b);
                    p.setLong(4, amount);
                    p.executeUpdate();
                }
                commitSent = true;
                s.execute("COMMIT");
                final long end = System.nanoTime();
                history.record(new History.Op("bank", id, History.Outcome.ACKED, start, end, currentLsn(c), detail));
            } catch (final SQLException e) {
                final History.Outcome o = !commitSent || certainlyAborted(e) ? History.Outcome.FAILED
                    : History.Outcome.IN_DOUBT;
                history.record(new History.Op("bank", id, o, start, System.nanoTime(), 0, detail));
                if (!broken(e)) {
                    rollbackQuietly(c);
                }
                throw e;
            }
        }

        private long balance(final Connection c, final int account) throws SQLException {
            try (PreparedStatement p = c.prepareStatement("SELECT balance FROM accounts WHERE id = ?")) {
                p.setInt(1, account);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        history.violation("account " + account + " is missing");
                        return 0;
                    }
                    return rs.getLong(1);
                }
            }
        }

        private void set(final Connection c, final int account, final long balance) throws SQLException {
            try (PreparedStatement p = c.prepareStatement("UPDATE accounts SET balance = ? WHERE id = ?")) {
                p.setLong(1, balance);
                p.setInt(2, account);
                expectOne(p.executeUpdate(), account);
            }
        }

        private void add(final Connection c, final int account, final long delta) throws SQLException {
            try (PreparedStatement p = c.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = ?")) {
                p.setLong(1, delta);
                p.setInt(2, account);
                expectOne(p.executeUpdate(), account);
            }
        }

        private void expectOne(final int n, final int account) {
            if (n != 1) {
                history.violation("UPDATE of account " + account + " changed " + n + " rows");
            }
        }
    }

    /** Appends rows (writer, 1, 2, 3, ...) one autocommit INSERT at a time. */
    static final class Ledger extends Worker {
        private final int writer;
        private int seq;

        Ledger(final int writer, final Supplier<String> url, final ReadWriteLock gate, final History h, final long seed) {
            super("ledger-" + writer, url, gate, h, seed);
            this.writer = writer;
        }

        @Override
        void operate(final Connection c) throws SQLException {
            final int s = ++seq;
            final long id = writer * LEDGER_WRITER + s;
            final long start = System.nanoTime();
            try (PreparedStatement p = c.prepareStatement("INSERT INTO ledger (id, writer, seq) VALUES (?, ?, ?)")) {
                p.setLong(1, id);
                p.setInt(2, writer);
                p.setInt(3, s);
                p.executeUpdate();
                history.record(new History.Op("ledger", id, History.Outcome.ACKED, start, System.nanoTime(),
                    currentLsn(c), new long[] {writer, s}));
            } catch (final SQLException e) {
                history.record(new History.Op("ledger", id, certainlyAborted(e) ? History.Outcome.FAILED
                    : History.Outcome.IN_DOUBT, start, System.nanoTime(), 0, new long[] {writer, s}));
                throw e;
            }
        }
    }

    /**
     * Inserts random keys, from a space of {@link #UNIQUE_KEYS} plus twice the attempts so far; a duplicate
     * must be refused with 23505 and only when the key is there.
     */
    static final class Unique extends Worker {
        private final int index;
        private long seq;

        Unique(final int index, final Supplier<String> url, final ReadWriteLock gate, final History h, final long seed) {
            super("unique-" + index, url, gate, h, seed);
            this.index = index;
        }

        @Override
        void operate(final Connection c) throws SQLException {
            final long attempt = ((long) index << 32) | ++seq;
            // the key space grows with the attempts, so about half of them stay duplicates however long the
            // run (a fixed space filled up after a few minutes and every insert became a quick 23505)
            final int k = random.nextInt((int) Math.min(Integer.MAX_VALUE / 2, UNIQUE_KEYS + 2 * seq));
            final long start = System.nanoTime();
            try (PreparedStatement p = c.prepareStatement("INSERT INTO uniq (k, attempt) VALUES (?, ?)")) {
                p.setInt(1, k);
                p.setLong(2, attempt);
                p.executeUpdate();
                history.record(new History.Op("unique", attempt, History.Outcome.ACKED, start, System.nanoTime(),
                    currentLsn(c), new long[] {k, 0}));
            } catch (final SQLException e) {
                final boolean dup = "23505".equals(e.getSQLState());
                history.record(new History.Op("unique", attempt, certainlyAborted(e) ? History.Outcome.FAILED
                    : History.Outcome.IN_DOUBT, start, System.nanoTime(), 0, new long[] {k, dup ? 1 : 0}));
                throw e;
            }
        }
    }

    /**
     * Reads in REPEATABLE READ snapshots while the writers run: the balances must add up (a dirty or
     * fractured read would not), a ledger row of a write that failed must never show (dirty read), and a
     * writer's rows show as a prefix: if its row n is visible, every earlier row it got acknowledged is too.
     */
    static final class Reader extends Worker {
        Reader(final int index, final Supplier<String> url, final ReadWriteLock gate, final History h, final long seed) {
            super("reader-" + index, url, gate, h, seed);
        }

        @Override
        void operate(final Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT sum(balance) FROM accounts")) {
                    rs.next();
                    if (rs.getLong(1) != TOTAL) {
                        history.violation("statement-level sum of balances " + rs.getLong(1) + " != " + TOTAL);
                    }
                }
                s.execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
                long sum = 0;
                int rows = 0;
                try (ResultSet rs = s.executeQuery("SELECT id, balance FROM accounts ORDER BY id")) {
                    while (rs.next()) {
                        sum += rs.getLong(2);
                        rows++;
                    }
                }
                if (sum != TOTAL || rows != ACCOUNTS) {
                    history.violation("a snapshot shows " + rows + " accounts holding " + sum + " (expected "
                        + ACCOUNTS + " holding " + TOTAL + ")");
                }
                if (random.nextInt(4) == 0) {
                    checkLedger(s);
                }
                s.execute("COMMIT");
                history.read();
            } catch (final SQLException e) {
                if (!broken(e)) {
                    rollbackQuietly(c);
                }
                throw e;
            }
        }

        private void checkLedger(final Statement s) throws SQLException {
            final Set<Long> seen = new HashSet<>();
            final Map<Long, Long> maxSeq = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT id FROM ledger")) {
                while (rs.next()) {
                    final long id = rs.getLong(1);
                    seen.add(id);
                    maxSeq.merge(id / LEDGER_WRITER, id % LEDGER_WRITER, Math::max);
                    if (history.ledgerOutcome(id) == History.Outcome.FAILED) {
                        history.violation("dirty read: ledger row " + id + " of a failed write is visible");
                    }
                }
            }
            for (final Map.Entry<Long, Long> w : maxSeq.entrySet()) {
                for (long j = 1; j < w.getValue(); j++) {
                    final long id = w.getKey() * LEDGER_WRITER + j;
                    if (!seen.contains(id) && history.ledgerOutcome(id) == History.Outcome.ACKED) {
                        history.violation("fractured read: ledger row " + id + " (acknowledged) is missing from a"
                            + " snapshot that shows row " + (w.getKey() * LEDGER_WRITER + w.getValue()));
                    }
                }
            }
        }
    }
}
