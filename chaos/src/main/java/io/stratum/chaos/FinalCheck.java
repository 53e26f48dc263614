package io.stratum.chaos;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks at the end of a run, once every fault is healed: the total balance; every acknowledged write
 * present; every failed write absent; every transfer wholly applied or not at all (each account's balance
 * is its initial balance plus what the transfers table says went in and out, which a lost update or a
 * half-applied transfer would break); a key refused as a duplicate is held by another insert; and the
 * acknowledged LSNs agree with the snapshots (a write acknowledged before a snapshot's LSN is in it).
 * <p>Threads: none.
 */
final class FinalCheck {
    private final History history;

    FinalCheck(final History history) {
        this.history = history;
    }

    void run(final Connection c) throws SQLException {
        final List<History.Op> ops = history.ops();
        final long[] balances = new long[Workloads.ACCOUNTS];
        long sum = 0;
        int rows = 0;
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id, balance FROM accounts ORDER BY id")) {
                while (rs.next()) {
                    balances[rs.getInt(1)] = rs.getLong(2);
                    sum += rs.getLong(2);
                    rows++;
                }
            }
            if (rows != Workloads.ACCOUNTS || sum != Workloads.TOTAL) {
                history.violation("at the end " + rows + " accounts hold " + sum + " (expected "
                    + Workloads.ACCOUNTS + " holding " + Workloads.TOTAL + ")");
            }
            final Map<Long, long[]> transfers = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT id, src, dst, amount FROM transfers")) {
                while (rs.next()) {
                    transfers.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                }
            }
            final long[] expected = new long[Workloads.ACCOUNTS];
            java.util.Arrays.fill(expected, Workloads.INITIAL_BALANCE);
            for (final long[] t : transfers.values()) {
                expected[(int) t[0]] -= t[2];
                expected[(int) t[1]] += t[2];
            }
            for (int i = 0; i < Workloads.ACCOUNTS; i++) {
                if (expected[i] != balances[i]) {
                    history.violation("account " + i + " holds " + balances[i] + " but its transfers make "
                        + expected[i] + " (a lost update or a partly applied transfer)");
                }
            }
            final Map<Long, Long> ledger = ids(s, "SELECT id, seq FROM ledger");
            final Map<Long, Long> uniq = ids(s, "SELECT k, attempt FROM uniq");
            final Map<Long, History.Op> attempts = new HashMap<>();
            for (final History.Op op : ops) {
                switch (op.workload()) {
                    case "bank" -> check(op, transfers.containsKey(op.id()), "transfer");
                    case "ledger" -> check(op, ledger.containsKey(op.id()), "ledger row");
                    case "unique" -> {
                        attempts.put(op.id(), op);
                        final Long holder = uniq.get(op.detail()[0]);
                        check(op, holder != null && holder == op.id(), "unique key " + op.detail()[0]);
                        if (op.outcome() == History.Outcome.FAILED && op.detail()[1] == 1
                            && (holder == null || holder == op.id())) {
                            history.violation("insert " + op.id() + " of key " + op.detail()[0]
                                + " was refused as a duplicate, but no other insert holds the key");
                        }
                    }
                    default -> throw new IllegalStateException(op.workload());
                }
            }
            for (final Map.Entry<Long, Long> u : uniq.entrySet()) {
                if (!attempts.containsKey(u.getValue())) {
                    history.violation("key " + u.getKey() + " is held by insert " + u.getValue() + ", which never ran");
                }
            }
        }
    }

    /** Acked: must be present. Failed: must be absent. In doubt: either. */
    private void check(final History.Op op, final boolean present, final String what) {
        if (op.outcome() == History.Outcome.ACKED && !present) {
            history.lost(what + " " + op.id() + " (acknowledged at LSN " + io.stratum.wal.Lsn.format(op.lsn()) + ")");
        } else if (op.outcome() == History.Outcome.FAILED && present) {
            history.violation(what + " " + op.id() + " failed for its client but is present");
        }
    }

    private static Map<Long, Long> ids(final Statement s, final String q) throws SQLException {
        final Map<Long, Long> m = new HashMap<>();
        try (ResultSet rs = s.executeQuery(q)) {
            while (rs.next()) {
                m.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return m;
    }

    /**
     * Reads at the LSNs the clients recorded: {@code pg_current_wal_lsn()} read right after an acknowledged
     * commit is at or past that commit, so {@code main@LSN} must show the write. Checks {@code max} of them,
     * chosen by {@code random}; returns how many were checked.
     */
    int checkRecordedLsns(final java.util.function.Function<String, String> url, final java.util.Random random,
                          final int max) {
        final List<History.Op> acked = new java.util.ArrayList<>();
        for (final History.Op op : history.ops()) {
            if (op.outcome() == History.Outcome.ACKED && op.lsn() != 0) {
                acked.add(op);
            }
        }
        java.util.Collections.shuffle(acked, random);
        int checked = 0;
        for (final History.Op op : acked.subList(0, Math.min(max, acked.size()))) {
            final String at = "main@" + io.stratum.wal.Lsn.format(op.lsn());
            final String q = switch (op.workload()) {
                case "bank" -> "SELECT id FROM transfers WHERE id = " + op.id();
                case "ledger" -> "SELECT id FROM ledger WHERE id = " + op.id();
                default -> "SELECT attempt FROM uniq WHERE k = " + op.detail()[0] + " AND attempt = " + op.id();
            };
            try (Connection c = java.sql.DriverManager.getConnection(url.apply(at)); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(q)) {
                if (!rs.next()) {
                    history.mismatch(op.workload() + " " + op.id() + " acknowledged, then LSN "
                        + io.stratum.wal.Lsn.format(op.lsn()) + " read, but " + at + " does not show it");
                }
                checked++;
            } catch (final SQLException e) {
                history.mismatch(at + " could not be read: " + e.getMessage());
            }
        }
        return checked;
    }
}
