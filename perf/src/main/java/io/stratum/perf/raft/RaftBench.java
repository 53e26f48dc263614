package io.stratum.perf.raft;

import io.stratum.raft.NodeStatus;
import io.stratum.raft.Transport;
import io.stratum.raft.WalClient;
import io.stratum.raft.WalClientConfig;
import io.stratum.raft.WalNode;
import io.stratum.raft.WalNodeConfig;
import io.stratum.raft.WalPeer;
import io.stratum.raft.bench.RawRatis;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalSink;
import io.stratum.wal.WalStream;
import io.stratum.wal.codec.WalRecordEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stratum bench raft}: in one run, an fsync reference, a raw-Ratis baseline with the same peers and
 * layout, and the WAL service: 8 KiB commit latency from one writer, 128 KiB throughput with appends in
 * flight, commits per second of 16 writers (16 timelines of one tenant) appending 128-byte records, and
 * failover under {@code kill -9} of the leader process.
 */
@Command(name = "raft", mixinStandardHelpOptions = true,
    description = "Benchmark the WAL service against an fsync reference and raw Ratis (same run).")
public final class RaftBench implements Callable<Integer> {
    private static final long START = 0x1000000L;

    @Option(names = "--nodes", defaultValue = "3", description = "WAL nodes (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--seconds", defaultValue = "10", description = "seconds per measurement (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "10",
        description = "warm-up before measuring, per system (default: ${DEFAULT-VALUE}; the JIT dominates shorter runs)")
    int warmupSeconds;

    @Option(names = "--processes", description = "run the WAL nodes as separate processes (failover always does)")
    boolean processes;

    @Option(names = "--failovers", defaultValue = "5", description = "leader kills for the failover figure (default: ${DEFAULT-VALUE})")
    int failovers;

    @Option(names = "--in-flight", defaultValue = "8", description = "128 KiB appends in flight (default: ${DEFAULT-VALUE})")
    int inFlight;

    @Option(names = "--transport", defaultValue = "NETTY", description = "NETTY or GRPC (default: ${DEFAULT-VALUE})")
    Transport transport;

    @Option(names = "--compose", description = "set Ratis's append-entries.compose.enabled on the WAL nodes (default off)")
    boolean compose;

    @Option(names = "--skip-failover", description = "skip the failover measurement (quick comparisons)")
    boolean skipFailover;

    @Option(names = "--election-timeout-ms", defaultValue = "400",
        description = "minimum election timeout of the WAL nodes, maximum twice it (default: ${DEFAULT-VALUE})")
    long electionMs;

    @Option(names = "--payload-once", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "WAL nodes write an append larger than 32 KiB once, into the WAL copy, and keep only its header "
        + "in the Raft log (the default, WalNodeConfig.payloadOnce; also for --processes); --no-payload-once: the "
        + "records in the Raft log, copied at apply")
    boolean payloadOnce;

    @Option(names = "--compare-once", description = "only this: a cluster writing the payload twice and one writing it "
        + "once, measured in turn in one process, A B B A (`--rounds` of each, `--seconds` per measurement)")
    boolean compareOnce;

    @Option(names = "--rounds", defaultValue = "4", description = "rounds of each in --compare-once (default: "
        + "${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    private final Map<String, Object> out = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.log.org.apache.ratis") == null) {
            // leader changes during the failover runs make Ratis log every retried request
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.ratis", "off");
        }
        final Path dir = Files.createTempDirectory("stratum-bench-raft");
        try {
            out.put("nodes", nodes);
            out.put("transport", transport.name());
            out.put("mode", processes ? "processes" : "in-process");
            out.put("compose", compose);
            out.put("in_flight", inFlight);
            out.put("election_timeout_ms", electionMs);
            out.put("warmup_seconds", warmupSeconds);
            out.put("seconds", seconds);
            out.put("payload_once", payloadOnce);
            out.put("reference_fsync_us", fsyncReference(dir));
            if (compareOnce) {
                compareOnce(dir.resolve("compare"));
                print();
                return 0;
            }
            rawRatis(dir.resolve("raw"));
            walService(dir.resolve("wal"));
            if (!skipFailover) {
                failover(dir.resolve("failover"));
            }
        } finally {
            deleteTree(dir);
        }
        print();
        return 0;
    }

    // ---------------------------------------------------------------- reference and baseline

    private static double fsyncReference(final Path dir) throws IOException {
        final Path f = dir.resolve("fsync-ref");
        final int n = 2000;
        final long[] us = new long[n];
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            final ByteBuffer zero = ByteBuffer.allocateDirect(1 << 20);
            for (long at = 0; at < (long) n * 8192; at += zero.capacity()) {
                zero.clear();
                ch.write(zero, at);
            }
            ch.force(true);
            final ByteBuffer page = ByteBuffer.allocateDirect(8192);
            for (int i = -200; i < n; i++) {
                page.clear();
                final long t0 = System.nanoTime();
                ch.write(page, (long) Math.floorMod(i, n) * 8192);
                ch.force(false);
                if (i >= 0) {
                    us[i] = (System.nanoTime() - t0) / 1000;
                }
            }
        }
        Arrays.sort(us);
        return us[n / 2];
    }

    private void rawRatis(final Path dir) throws Exception {
        try (RawRatis raw = new RawRatis(nodes, transport, dir)) {
            final byte[] page = new byte[8192];
            runFor(warmupSeconds, () -> raw.commit(page).join());
            final Histogram h = new Histogram(3);
            runFor(seconds, () -> {
                final long t0 = System.nanoTime();
                raw.commit(page).join();
                h.recordValue((System.nanoTime() - t0) / 1000);
            });
            out.put("raw_ratis_commit_p50_us", h.getValueAtPercentile(50));
            final byte[] big = new byte[128 << 10];
            final Semaphore window = new Semaphore(inFlight);
            final AtomicLong bytes = new AtomicLong();
            final long ns = runFor(seconds, () -> {
                window.acquireUninterruptibly();
                raw.commit(big).whenComplete((v, e) -> {
                    bytes.addAndGet(big.length);
                    window.release();
                });
            });
            window.acquireUninterruptibly(inFlight);
            out.put("raw_ratis_throughput_mb_per_s", round(bytes.get() / 1e6 / (ns / 1e9)));
        }
    }

    // ---------------------------------------------------------------- the WAL service

    private void walService(final Path dir) throws Exception {
        final List<WalNode> inProcess = new ArrayList<>();
        NodeProcesses procs = null;
        final List<WalPeer> peers;
        if (processes) {
            procs = new NodeProcesses(nodes, dir, electionMs, payloadOnce);
            peers = procs.peers;
        } else {
            peers = freePeers(nodes);
            for (final WalPeer p : peers) {
                inProcess.add(WalNode.launch(WalNodeConfig.builder(p.id(), peers, dir.resolve("node" + p.id()))
                    .transport(transport).composeAppendEntries(compose).payloadOnce(payloadOnce)
                    .electionTimeout(Duration.ofMillis(electionMs), Duration.ofMillis(2 * electionMs)).build()));
            }
        }
        try (WalClient client = WalClient.connect(WalClientConfig.builder(peers).transport(transport)
            .appendTimeout(Duration.ofSeconds(30)).build())) {
            final TenantId tenant = TenantId.random();
            client.createTenant(tenant);
            final TimelineId tl = TimelineId.random();
            client.createTimeline(tenant, tl, START);
            final WalSink sink = client.acquireWriter(tenant, tl);
            final UnsafeBuffer page = records(1, 8192);
            runFor(warmupSeconds, () -> sink.append(sink.endLsn(), page, 0, page.capacity()).join());
            final Histogram h = new Histogram(3);
            runFor(seconds, () -> {
                final long t0 = System.nanoTime();
                sink.append(sink.endLsn(), page, 0, page.capacity()).join();
                h.recordValue((System.nanoTime() - t0) / 1000);
            });
            out.put("commit_p50_us", h.getValueAtPercentile(50));
            out.put("commit_p99_us", h.getValueAtPercentile(99));

            final AtomicLong failures = new AtomicLong();
            out.put("throughput_mb_per_s", throughput(sink, seconds, failures));

            out.put("group_commits_per_s", groupCommit(client, tenant, true));
            out.put("group_commits_16_timelines_per_s", groupCommit(client, tenant, false));
            out.put("append_failures", failures.get());
        } finally {
            for (final WalNode n : inProcess) {
                n.close();
            }
            if (procs != null) {
                procs.close();
            }
        }
    }

    /** 128 KiB appends, {@code --in-flight} at a time, for {@code secs}: MB/s committed. */
    private double throughput(final WalSink sink, final int secs, final AtomicLong failures) throws Exception {
        final UnsafeBuffer big = records(16, 8192);
        final Semaphore window = new Semaphore(inFlight);
        final AtomicLong bytes = new AtomicLong();
        final long ns = runFor(secs, () -> {
            window.acquireUninterruptibly();
            sink.append(sink.endLsn(), big, 0, big.capacity()).whenComplete((v, e) -> {
                if (e == null) {
                    bytes.addAndGet(big.capacity());
                } else if (failures.incrementAndGet() == 1) {
                    out.put("append_failure_first", String.valueOf(e.getMessage()).replace('"', '\''));
                }
                window.release();
            });
        });
        window.acquireUninterruptibly(inFlight);
        window.release(inFlight);
        return round(bytes.get() / 1e6 / (ns / 1e9));
    }

    /**
     * Two clusters in this process, one writing the payload twice (Raft log and WAL copy), one once (WAL copy,
     * headers in the Raft log), measured in turn A B B A ..., so that a noisy machine (CPU steal) hits both alike:
     * 128 KiB throughput, then the commit latency of single 8 KiB appends.
     */
    private void compareOnce(final Path dir) throws Exception {
        final List<WalNode> all = new ArrayList<>();
        final List<WalClient> clients = new ArrayList<>();
        final List<WalSink> sinks = new ArrayList<>();
        final String[] modes = {"twice", "once"};
        final AtomicLong failures = new AtomicLong();
        try {
            for (int m = 0; m < 2; m++) {
                final List<WalPeer> peers = freePeers(nodes);
                for (final WalPeer p : peers) {
                    all.add(WalNode.launch(WalNodeConfig.builder(p.id(), peers,
                            dir.resolve(modes[m]).resolve("node" + p.id()))
                        .transport(transport).composeAppendEntries(compose).payloadOnce(m == 1)
                        .electionTimeout(Duration.ofMillis(electionMs), Duration.ofMillis(2 * electionMs)).build()));
                }
                final WalClient c = WalClient.connect(WalClientConfig.builder(peers).transport(transport)
                    .appendTimeout(Duration.ofSeconds(30)).build());
                clients.add(c);
                final TenantId tenant = TenantId.random();
                c.createTenant(tenant);
                final TimelineId tl = TimelineId.random();
                c.createTimeline(tenant, tl, START);
                sinks.add(c.acquireWriter(tenant, tl));
            }
            for (final WalSink s : sinks) {
                throughput(s, warmupSeconds, failures);
            }
            final double[] mb = new double[2];
            final double[] p50 = new double[2];
            final UnsafeBuffer page = records(1, 8192);
            for (int round = 0; round < 2 * rounds; round++) {
                final int i = (round % 4 == 0 || round % 4 == 3) ? 0 : 1;
                final WalSink sink = sinks.get(i);
                final double r = throughput(sink, seconds, failures);
                final Histogram h = new Histogram(3);
                runFor(Math.max(2, seconds / 2), () -> {
                    final long t0 = System.nanoTime();
                    sink.append(sink.endLsn(), page, 0, page.capacity()).join();
                    h.recordValue((System.nanoTime() - t0) / 1000);
                });
                mb[i] += r;
                p50[i] += h.getValueAtPercentile(50);
                System.err.printf("%s, measurement %d: %.1f MB/s, commit p50 %d us%n", modes[i], round + 1, r,
                    h.getValueAtPercentile(50));
            }
            for (int i = 0; i < 2; i++) {
                out.put("throughput_" + modes[i] + "_mb_per_s", round(mb[i] / rounds));
                out.put("commit_p50_" + modes[i] + "_us", round(p50[i] / rounds));
            }
            out.put("once_over_twice", round(mb[1] / mb[0]));
            out.put("append_failures", failures.get());
        } finally {
            sinks.forEach(WalSink::close);
            clients.forEach(WalClient::close);
            all.forEach(WalNode::close);
        }
    }

    /**
     * 16 writers committing 128-byte records, each waiting for its commit before the next. Shared: the 16
     * are sessions of one compute, which owns the timeline's LSNs, so they take the next LSN under a lock
     * and append through the compute's one sink (concurrent commits share Raft entries: group commit).
     * Not shared: 16 timelines of one tenant (one Raft group), one writer each.
     */
    private double groupCommit(final WalClient client, final TenantId tenant, final boolean shared) throws Exception {
        final int writers = 16;
        final List<WalSink> sinks = new ArrayList<>();
        for (int i = 0; i < (shared ? 1 : writers); i++) {
            final TimelineId tl = TimelineId.random();
            client.createTimeline(tenant, tl, START);
            sinks.add(client.acquireWriter(tenant, tl));
        }
        while (sinks.size() < writers) {
            sinks.add(sinks.get(0));
        }
        final UnsafeBuffer rec = records(1, 128);
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong commits = new AtomicLong();
        final AtomicBoolean counting = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();
        for (final WalSink s : sinks) {
            final Thread t = new Thread(() -> {
                while (!stop.get()) {
                    final CompletableFuture<Long> f;
                    synchronized (s) { // the compute's LSN assignment
                        f = s.append(s.endLsn(), rec, 0, rec.capacity());
                    }
                    f.join();
                    if (counting.get()) {
                        commits.incrementAndGet();
                    }
                }
            }, "bench-writer");
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        Thread.sleep(Math.min(5, warmupSeconds) * 1000L);
        counting.set(true);
        final long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        final long n = commits.get();
        final long ns = System.nanoTime() - t0;
        stop.set(true);
        for (final Thread t : threads) {
            t.join(30_000);
        }
        return round(n / (ns / 1e9));
    }

    // ---------------------------------------------------------------- failover under kill -9

    private void failover(final Path dir) throws Exception {
        try (NodeProcesses procs = new NodeProcesses(nodes, dir, electionMs, payloadOnce);
             WalClient client = WalClient.connect(WalClientConfig.builder(procs.peers).transport(transport)
                 .appendTimeout(Duration.ofSeconds(30)).build())) {
            final TenantId tenant = TenantId.random();
            client.createTenant(tenant);
            final TimelineId tl = TimelineId.random();
            client.createTimeline(tenant, tl, START);
            final WalSink sink = client.acquireWriter(tenant, tl);
            final ConcurrentLinkedQueue<long[]> acks = new ConcurrentLinkedQueue<>(); // {issueNs, ackNs, seq}
            final AtomicBoolean stop = new AtomicBoolean();
            final Thread writer = new Thread(() -> {
                final UnsafeBuffer buf = new UnsafeBuffer(new byte[1024]);
                final WalRecordEncoder enc = new WalRecordEncoder();
                long seq = 0;
                while (!stop.get()) {
                    final int len = enc.wrap(buf, 0, buf.capacity()).begin(1, 0, seq).payload(new byte[900], 0, 900)
                        .finish();
                    final long t0 = System.nanoTime();
                    try {
                        sink.append(sink.endLsn(), buf, 0, len).join();
                        acks.add(new long[] {t0, System.nanoTime(), seq});
                    } catch (final RuntimeException e) {
                        // unacknowledged: may or may not be in the WAL; the next append starts at the acked end
                    }
                    seq++;
                }
            }, "bench-failover-writer");
            writer.start();
            long worst = 0;
            final List<Long> each = new ArrayList<>();
            for (int k = 0; k < failovers; k++) {
                Thread.sleep(3000); // let the node restarted last time catch up
                int leader = leader(client, tenant);
                for (int tries = 0; tries < 50; tries++) { // the same leader twice, 200 ms apart: not a stale answer
                    Thread.sleep(200);
                    final int again = leader(client, tenant);
                    if (again == leader) {
                        break;
                    }
                    leader = again;
                }
                procs.kill9(leader); // returns once the process is gone
                final long t0 = System.nanoTime();
                long firstAck = -1;
                final long deadline = t0 + 60_000_000_000L;
                while (firstAck < 0 && System.nanoTime() < deadline) {
                    for (final long[] a : acks) {
                        if (a[0] > t0) {
                            firstAck = a[1];
                            break;
                        }
                    }
                    Thread.sleep(5);
                }
                final long ms = firstAck < 0 ? 60_000 : (firstAck - t0) / 1_000_000;
                each.add(ms);
                worst = Math.max(worst, ms);
                procs.start(leader);
            }
            stop.set(true);
            writer.join(60_000);
            out.put("failover_ms", worst);
            out.put("failover_each_ms", each);
            out.put("acked_lost", ackedLost(client, tenant, tl, acks, sink.endLsn()));
        }
    }

    private static int leader(final WalClient client, final TenantId tenant) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            for (final NodeStatus s : client.status()) {
                for (final NodeStatus.Group g : s.groups()) {
                    if (g.tenant().equals(tenant) && g.role().equals("LEADER")) {
                        return s.peer().id();
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no leader");
    }

    private static long ackedLost(final WalClient client, final TenantId tenant, final TimelineId tl,
                                  final ConcurrentLinkedQueue<long[]> acks, final long end) {
        final java.util.Set<Long> present = new java.util.HashSet<>();
        try (WalStream s = client.stream(tenant, tl, START)) {
            final long deadline = System.nanoTime() + 60_000_000_000L;
            while (s.position() < end && System.nanoTime() < deadline) {
                s.poll((lsn, b, off, len) -> collectSeqs(b, off, len, present), 1_000_000_000L);
            }
        }
        long lost = 0;
        for (final long[] a : acks) {
            if (!present.contains(a[2])) {
                lost++;
            }
        }
        return lost;
    }

    private static void collectSeqs(final DirectBuffer b, final int off, final int len, final java.util.Set<Long> out) {
        int at = off;
        while (at < off + len) {
            final int l = b.getInt(at + 4, java.nio.ByteOrder.LITTLE_ENDIAN);
            out.add(b.getLong(at + 8, java.nio.ByteOrder.LITTLE_ENDIAN));
            at += l;
        }
    }

    // ---------------------------------------------------------------- helpers

    /** {@code count} records of {@code size} bytes each, end to end. */
    private static UnsafeBuffer records(final int count, final int size) {
        final UnsafeBuffer buf = new UnsafeBuffer(ByteBuffer.allocateDirect(count * size));
        final WalRecordEncoder enc = new WalRecordEncoder();
        final byte[] payload = new byte[size - 20];
        Arrays.fill(payload, (byte) 0x5A);
        for (int i = 0; i < count; i++) {
            enc.wrap(buf, i * size, size).begin(1, 0, i).payload(payload, 0, payload.length).finish();
        }
        return buf;
    }

    private interface Step {
        void run() throws Exception;
    }

    private static long runFor(final int secs, final Step step) throws Exception {
        final long t0 = System.nanoTime();
        final long end = t0 + secs * 1_000_000_000L;
        while (System.nanoTime() < end) {
            step.run();
        }
        return System.nanoTime() - t0;
    }

    private static List<WalPeer> freePeers(final int n) throws IOException {
        final List<WalPeer> peers = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            peers.add(new WalPeer(i, "127.0.0.1", io.stratum.raft.PeerPorts.next()));
        }
        return peers;
    }

    private static double round(final double v) {
        return Math.round(v * 10) / 10.0;
    }

    private void print() {
        if (json) {
            final StringBuilder sb = new StringBuilder("{");
            for (final Map.Entry<String, Object> e : out.entrySet()) {
                sb.append(sb.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":");
                final Object v = e.getValue();
                sb.append(v instanceof String ? "\"" + v + "\"" : String.valueOf(v).replace(" ", ""));
            }
            System.out.println(sb.append('}'));
            return;
        }
        System.out.printf("WAL service benchmark: %d nodes, %s, %s, warm-up %d s, %d s per measurement%n",
            nodes, transport, processes ? "separate processes" : "in-process", warmupSeconds, seconds);
        System.out.printf("  fsync reference (8 KiB write + fdatasync): %s us%n", out.get("reference_fsync_us"));
        System.out.printf("  raw Ratis: 8 KiB commit p50 %s us, 128 KiB throughput %s MB/s%n",
            out.get("raw_ratis_commit_p50_us"), out.get("raw_ratis_throughput_mb_per_s"));
        System.out.printf("  WAL service: 8 KiB commit p50 %s us, p99 %s us; 128 KiB x %d in flight %s MB/s;"
            + " 16 writers x 128 B: %s commits/s on one timeline, %s on 16 timelines%n", out.get("commit_p50_us"),
            out.get("commit_p99_us"), inFlight, out.get("throughput_mb_per_s"), out.get("group_commits_per_s"),
            out.get("group_commits_16_timelines_per_s"));
        System.out.printf("  failover (kill -9 of the leader process, %d times): worst %s ms, each %s; acked lost %s%n",
            failovers, out.get("failover_ms"), out.get("failover_each_ms"), out.get("acked_lost"));
    }

    private static void deleteTree(final Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
