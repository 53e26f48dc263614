package io.stratum.chaos;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One chaos campaign: starts the cluster as processes, creates the schema, runs the workloads with the
 * nemesis and a checker thread (quiescent snapshots, and reads of earlier snapshots at their LSN) for the
 * configured time, heals everything, waits until writes work again, runs the final checks and returns
 * the report. Entry point: {@link #run(ChaosConfig, PrintStream)}.
 * <p>Threads: the workers, the nemesis and the checker, all ended before {@code run} returns.
 */
public final class ChaosRun {
    private ChaosRun() {
    }

    /** Runs the campaign {@code config} describes; progress lines go to {@code log}. */
    public static ChaosReport run(final ChaosConfig config, final PrintStream log) {
        final History history = new History();
        final ReadWriteLock gate = new ReentrantReadWriteLock(true);
        final Random seeds = new Random(config.seed());
        final long began = System.nanoTime();
        try (ChaosCluster cluster = ChaosCluster.start(config.dir(), config.mainClass(), log, 200)) {
            schema(cluster, log);
            final List<Worker> workers = new ArrayList<>();
            for (int i = 1; i <= config.bankClients(); i++) {
                workers.add(new Workloads.Bank(i, () -> cluster.jdbcUrl("main"), gate, history, seeds.nextLong()));
            }
            for (int i = 1; i <= config.ledgerClients(); i++) {
                workers.add(new Workloads.Ledger(i, () -> cluster.jdbcUrl("main"), gate, history, seeds.nextLong()));
            }
            for (int i = 1; i <= config.uniqueClients(); i++) {
                workers.add(new Workloads.Unique(i, () -> cluster.jdbcUrl("main"), gate, history, seeds.nextLong()));
            }
            workers.add(new Workloads.Reader(1, () -> cluster.jdbcUrl("main"), gate, history, seeds.nextLong()));
            final Snapshots snapshots = new Snapshots(cluster::jdbcUrl, gate, history);
            final Nemesis nemesis = new Nemesis(cluster, history, seeds.nextLong(), config.quietMs(), config.faults(), log);
            final CountDownLatch done = new CountDownLatch(1);
            final Random checkerRandom = new Random(seeds.nextLong());
            final Thread checker = new Thread(() -> checkLoop(snapshots, checkerRandom, done), "chaos-checker");
            checker.setDaemon(true);
            final long workStart = System.nanoTime();
            log.printf("running %d clients and the nemesis for %d s (seed %d)%n", workers.size(),
                config.duration().toSeconds(), config.seed());
            workers.forEach(Worker::start);
            nemesis.start();
            checker.start();
            await(done, config.duration().toMillis());
            nemesis.stop();
            done.countDown();
            join(checker);
            log.println("healing: every process up, every link whole; waiting for writes to work");
            heal(cluster);
            workers.forEach(Worker::stop);
            final long workEnd = System.nanoTime();
            for (final Worker w : workers) {
                if (w.crash() != null) {
                    history.violation("client " + w.name() + " crashed: " + w.crash());
                }
            }
            if (nemesis.crash() != null) {
                history.violation("the nemesis stopped early (a daemon did not come back?): " + nemesis.crash());
            }
            final String unwritable = awaitWritable(cluster, config.recoveryTimeoutMs());
            if (unwritable != null) {
                history.violation("writes did not work again within " + config.recoveryTimeoutMs()
                    + " ms after every fault was healed; last error: " + unwritable);
                history.note("diagnostics: " + cluster.diagnostics());
            } else {
                finalChecks(cluster, history, snapshots, log);
            }
            for (final Daemon d : cluster.daemons()) {
                for (final String exit : d.unexpectedExits()) {
                    history.violation("a daemon crashed: " + exit);
                }
            }
            return ChaosReport.of(config, history, workStart, workEnd, System.nanoTime() - began);
        }
    }

    private static void schema(final ChaosCluster cluster, final PrintStream log) {
        log.println("creating the schema");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(cluster.jdbcUrl("main")); Statement s = c.createStatement()) {
                s.execute("BEGIN");
                for (final String sql : Workloads.SCHEMA) {
                    s.execute(sql);
                }
                s.execute("COMMIT");
                return;
            } catch (final SQLException e) {
                if ("42P07".equals(e.getSQLState())) {
                    return; // an earlier attempt committed although its COMMIT failed for us
                }
                // the compute opens the branch on its first connection: the WAL service may still elect
                last = e;
                sleepQuietly(500);
            }
        }
        throw io.stratum.wal.StratumException.of(io.stratum.wal.ErrorCode.TIMEOUT, "cannot create the schema",
            "error", last == null ? "" : last.getMessage());
    }

    private static void checkLoop(final Snapshots snapshots, final Random random, final CountDownLatch done) {
        try {
            while (!done.await(4_000 + random.nextInt(8_000), TimeUnit.MILLISECONDS)) {
                snapshots.take();
                final List<Snapshots.Snapshot> all = snapshots.all();
                if (!all.isEmpty()) {
                    snapshots.verify(all.get(random.nextInt(all.size())));
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void heal(final ChaosCluster cluster) {
        for (int i = 1; i <= ChaosCluster.WAL_NODES; i++) {
            cluster.walProxy(i).heal();
            final Daemon d = cluster.walNode(i);
            d.resume();
            if (!d.alive()) {
                cluster.startWalNode(i);
            }
        }
        cluster.pageProxy().heal();
        cluster.clientProxy().heal();
        cluster.pageServer().resume();
        if (!cluster.pageServer().alive()) {
            cluster.startPageServer();
        }
        cluster.compute().resume();
        if (!cluster.compute().alive()) {
            cluster.startCompute();
        }
    }

    /** Null when a write works within {@code timeoutMs}, else the last error. */
    private static String awaitWritable(final ChaosCluster cluster, final long timeoutMs) {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        String last = "no attempt";
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(cluster.jdbcUrl("main")); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE accounts SET balance = balance WHERE id = 0");
                return null;
            } catch (final SQLException e) {
                last = e.getSQLState() + " " + e.getMessage();
                sleepQuietly(500);
            }
        }
        return last;
    }

    private static void finalChecks(final ChaosCluster cluster, final History history, final Snapshots snapshots,
                                    final PrintStream log) {
        log.println("final checks");
        final FinalCheck check = new FinalCheck(history);
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl("main"))) {
            check.run(c);
        } catch (final SQLException e) {
            history.violation("the final check could not read: " + e.getMessage());
        }
        final Snapshots.Snapshot last = snapshots.take();
        if (last == null) {
            history.note("no quiescent snapshot could be taken at the end");
        }
        final int recorded = check.checkRecordedLsns(cluster::jdbcUrl, new Random(history.ops().size()), 40);
        int unread = 0;
        for (final Snapshots.Snapshot s : snapshots.all()) {
            if (!snapshots.verify(s)) {
                unread++;
                history.mismatch("main@" + io.stratum.wal.Lsn.format(s.lsn()) + " could not be read");
            }
        }
        log.printf("verified %d snapshots and %d acknowledged writes at their LSN (%d snapshots unreadable)%n",
            snapshots.all().size(), recorded, unread);
    }

    private static void await(final CountDownLatch l, final long ms) {
        try {
            l.await(ms, TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(final Thread t) {
        try {
            t.join(120_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(final long ms) {
        try {
            Thread.sleep(ms);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
