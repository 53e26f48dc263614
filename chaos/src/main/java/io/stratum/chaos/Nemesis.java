package io.stratum.chaos;

import java.io.PrintStream;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The nemesis: one fault at a time, chosen and timed by a seeded {@link Random}: kill -9 and restart the
 * WAL leader, a WAL follower, the page server or the compute; SIGSTOP and SIGCONT one of them; cut or
 * delay the client, page-service or a WAL link through its proxy. One fault at a time keeps a majority of
 * WAL nodes alive, the condition under which no acknowledged commit may be lost.
 * <p>Threads: the one {@link #start()} starts, ended by {@link #stop()} (which heals what is still broken).
 */
final class Nemesis implements Runnable {
    static final List<String> KINDS = List.of(
        "kill_wal_leader", "kill_wal_follower", "kill_pageserver", "kill_compute",
        "pause_wal_leader", "pause_wal_follower", "pause_pageserver", "pause_compute",
        "cut_client_link", "cut_pageservice_link", "cut_wal_link",
        "delay_client_link", "delay_pageservice_link", "delay_wal_link");

    private final ChaosCluster cluster;
    private final History history;
    private final Random random;
    private final PrintStream log;
    private final long quietMs;
    private final List<String> kinds;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread thread;
    private volatile Throwable crash;

    /**
     * @param kinds the fault kinds to choose from
     * @param quietMs the mean time between the end of one fault and the next (each waits 0.5 to 1.5 times it)
     */
    Nemesis(final ChaosCluster cluster, final History history, final long seed, final long quietMs,
            final List<String> kinds, final PrintStream log) {
        this.kinds = kinds;
        this.cluster = cluster;
        this.history = history;
        this.random = new Random(seed);
        this.quietMs = quietMs;
        this.log = log;
    }

    void start() {
        thread = new Thread(this, "chaos-nemesis");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops injecting; the fault in progress is healed before this returns. */
    void stop() {
        stopped.countDown();
        try {
            thread.join(300_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Throwable crash() {
        return crash;
    }

    @Override
    public void run() {
        try {
            while (!waitMs(quietMs / 2 + (long) (random.nextDouble() * quietMs))) {
                final String kind = kinds.get(random.nextInt(kinds.size()));
                final long holdMs = 1_000 + random.nextInt(5_000);
                inject(kind, holdMs);
            }
        } catch (final RuntimeException | Error e) {
            crash = e;
            log.println("nemesis stopped by " + e);
        }
    }

    /** Waits {@code ms} or until stopped; true when stopped. */
    private boolean waitMs(final long ms) {
        try {
            return stopped.await(ms, TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void inject(final String kind, final long holdMs) {
        final String[] parts = kind.split("_", 2);
        final String what = parts[1];
        long start;
        final String target;
        switch (parts[0]) {
            case "kill" -> {
                final Daemon d = daemon(what);
                target = d.name();
                log.printf("nemesis: kill -9 %s (%s), restart in %d ms%n", target, what, holdMs);
                d.kill9();
                start = System.nanoTime();
                waitMs(holdMs);
                restart(d);
            }
            case "pause" -> {
                final Daemon d = daemon(what);
                target = d.name();
                log.printf("nemesis: SIGSTOP %s (%s) for %d ms%n", target, what, holdMs);
                d.pause();
                start = System.nanoTime();
                waitMs(holdMs);
                d.resume();
            }
            default -> {
                final TcpProxy p = proxy(what);
                target = p.name();
                final long delay = 20 + random.nextInt(300);
                if (parts[0].equals("cut")) {
                    log.printf("nemesis: cut %s for %d ms%n", target, holdMs);
                    p.cut();
                } else {
                    log.printf("nemesis: delay %s by %d ms for %d ms%n", target, delay, holdMs);
                    p.delay(delay);
                }
                start = System.nanoTime();
                waitMs(holdMs);
                p.heal();
            }
        }
        history.fault(new History.Fault(kind, target, start, System.nanoTime()));
    }

    private Daemon daemon(final String what) {
        return switch (what) {
            case "pageserver" -> cluster.pageServer();
            case "compute" -> cluster.compute();
            case "wal_leader", "wal_follower" -> {
                int leader = 0;
                try {
                    leader = cluster.leader();
                } catch (final RuntimeException e) {
                    // no answer: pick any node
                }
                final int n = ChaosCluster.WAL_NODES;
                if (leader == 0) {
                    yield cluster.walNode(1 + random.nextInt(n));
                }
                yield what.equals("wal_leader") ? cluster.walNode(leader)
                    : cluster.walNode(1 + (leader + random.nextInt(n - 1)) % n);
            }
            default -> throw new IllegalArgumentException(what);
        };
    }

    private TcpProxy proxy(final String what) {
        return switch (what) {
            case "client_link" -> cluster.clientProxy();
            case "pageservice_link" -> cluster.pageProxy();
            case "wal_link" -> cluster.walProxy(1 + random.nextInt(ChaosCluster.WAL_NODES));
            default -> throw new IllegalArgumentException(what);
        };
    }

    private void restart(final Daemon d) {
        if (d == cluster.pageServer()) {
            cluster.startPageServer();
        } else if (d == cluster.compute()) {
            cluster.startCompute();
        } else {
            d.start(180_000);
        }
    }
}
