package io.stratum.perf.wal;

import io.stratum.wal.WalConfig;
import io.stratum.wal.WalLog;
import io.stratum.wal.WalReader;
import io.stratum.wal.codec.WalRecordDecoder;
import io.stratum.wal.codec.WalRecordEncoder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stratum bench wal}: the local WAL against the disk's own limit, measured in one run on one
 * directory. Reference: one 8 KiB write + fdatasync at a time into a preallocated file (what
 * {@code pg_test_fsync} measures). Then WalLog with one writer flushing every 8 KiB record, WalLog with
 * N writers each flushing every 128-byte record (group commit), append throughput without fsync, and
 * decode throughput (CRC included) on one core.
 */
@Command(name = "wal", mixinStandardHelpOptions = true,
    description = "Benchmark the local WAL (group commit, append, decode) against a plain write+fdatasync loop.")
public final class WalBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "D", description = "directory to write in (default: a new temporary directory, removed afterwards)")
    Path dir;

    @Option(names = "--seconds", defaultValue = "5", description = "measured seconds per phase (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--warmup", defaultValue = "2", description = "warm-up seconds per phase (default: ${DEFAULT-VALUE})")
    double warmup;

    @Option(names = "--writers", defaultValue = "16", description = "concurrent writers in the group-commit phase (default: ${DEFAULT-VALUE})")
    int writers;

    @Option(names = "--json", description = "also print one line holding a JSON object with the results")
    boolean json;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final boolean temp = dir == null;
        final Path base = temp ? Files.createTempDirectory("stratum-bench-wal") : Files.createDirectories(dir);
        try {
            out.printf("stratum bench wal: dir=%s, %.0f s warm-up + %.0f s per phase, java %s%n", base, warmup,
                seconds, System.getProperty("java.version"));
            out.flush();
            final double ref = phase(out, "reference: 8 KiB write + fdatasync, preallocated file",
                d -> referenceFsync(base.resolve("reference.dat"), d));
            final double single = phase(out, "WalLog, 1 writer, flush every 8 KiB record",
                d -> commits(base.resolve("single"), 1, 8192, d));
            final double group = phase(out, "WalLog, " + writers + " writers, flush every 128 B record",
                d -> commits(base.resolve("group"), writers, 128, d));
            final double appendMb = phase(out, "append without fsync, 1 KiB records (MB/s)",
                d -> appendThroughput(base.resolve("append"), d));
            final double decodeMb = phase(out, "decode + CRC check on one core, 1 KiB records (MB/s)",
                WalBench::decodeThroughput);
            out.println();
            out.printf("%-58s %12s %10s%n", "result", "value", "vs ref");
            out.printf("%-58s %12.0f %10s%n", "reference fsync/s", ref, "1.00 x");
            out.printf("%-58s %12.0f %8.2f x%n", "single writer commits/s (target >= 0.9 x)", single, single / ref);
            out.printf("%-58s %12.0f %8.2f x%n", "group commit commits/s, " + writers + " writers (target >= 8 x)",
                group, group / ref);
            out.printf("%-58s %12.0f%n", "append MB/s (no fsync)", appendMb);
            out.printf("%-58s %12.0f%n", "decode MB/s (one core, target >= 1000)", decodeMb);
            if (json) {
                out.printf(Locale.ROOT, "{\"reference_fsync_per_s\":%.1f,\"single_writer_commits_per_s\":%.1f,"
                        + "\"group_commit_commits_per_s\":%.1f,\"group_commit_writers\":%d,\"append_mb_per_s\":%.1f,"
                        + "\"decode_mb_per_s\":%.1f,\"seconds\":%.1f,\"warmup_seconds\":%.1f}%n",
                    ref, single, group, writers, appendMb, decodeMb, seconds, warmup);
            }
            out.flush();
            return 0;
        } finally {
            if (temp) {
                deleteTree(base);
            }
        }
    }

    /** A measured loop: runs {@code op(deadline)} once to warm up and once to measure; prints and returns the rate. */
    private double phase(final PrintWriter out, final String name, final Phase op) throws Exception {
        out.printf("  %-60s", name + " ...");
        out.flush();
        op.run(nanos(warmup));
        final double rate = op.run(nanos(seconds));
        out.printf(" %.0f%n", rate);
        out.flush();
        return rate;
    }

    private static long nanos(final double s) {
        return (long) (s * 1e9);
    }

    @FunctionalInterface
    private interface Phase {
        double run(long durationNanos) throws Exception;
    }

    /** One 8 KiB write + fdatasync at a time, cycling through a preallocated 16 MiB file. Returns syncs/s. */
    private static double referenceFsync(final Path file, final long durationNanos) throws IOException {
        final int size = 16 << 20;
        final ByteBuffer block = ByteBuffer.allocateDirect(8192);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
            if (ch.size() < size) {
                final ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
                for (long p = 0; p < size; p += zeros.capacity()) {
                    zeros.clear();
                    ch.write(zeros, p);
                }
                ch.force(true);
            }
            long pos = 0;
            long n = 0;
            final long start = System.nanoTime();
            final long deadline = start + durationNanos;
            long now;
            do {
                block.clear();
                ch.write(block, pos);
                ch.force(false);
                pos = (pos + 8192) % size;
                n++;
                now = System.nanoTime();
            } while (now < deadline);
            return n / ((now - start) / 1e9);
        }
    }

    /** {@code writers} threads each appending one record of {@code size} bytes and flushing it. Returns commits/s. */
    private static double commits(final Path dir, final int writers, final int size, final long durationNanos)
        throws Exception {
        try (WalLog log = WalLog.open(WalConfig.builder(dir).build())) {
            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicLong total = new AtomicLong();
            final CountDownLatch ready = new CountDownLatch(writers);
            final Thread[] threads = new Thread[writers];
            for (int i = 0; i < writers; i++) {
                final int id = i;
                threads[i] = new Thread(() -> {
                    final UnsafeBuffer buf = new UnsafeBuffer(ByteBuffer.allocateDirect(size));
                    final WalRecordEncoder enc = new WalRecordEncoder();
                    final int len = enc.wrap(buf, 0, size).begin(1, 0, id).finish(size - 20);
                    long n = 0;
                    ready.countDown();
                    while (!stop.get()) {
                        final long end = log.append(buf, 0, len);
                        log.flush(end);
                        n++;
                    }
                    total.addAndGet(n);
                }, "bench-writer-" + i);
            }
            final long start = System.nanoTime();
            for (final Thread t : threads) {
                t.start();
            }
            ready.await();
            Thread.sleep(durationNanos / 1_000_000);
            stop.set(true);
            for (final Thread t : threads) {
                t.join();
            }
            return total.get() / ((System.nanoTime() - start) / 1e9);
        } finally {
            deleteTree(dir);
        }
    }

    /** Appends 1 KiB records without flushing (the log writes its buffer out when it fills). Returns MB/s. */
    private static double appendThroughput(final Path dir, final long durationNanos) {
        try (WalLog log = WalLog.open(WalConfig.builder(dir).segmentSize(64L << 20).build())) {
            final int batchRecords = 64;
            final UnsafeBuffer buf = new UnsafeBuffer(ByteBuffer.allocateDirect(1024 * batchRecords));
            final WalRecordEncoder enc = new WalRecordEncoder();
            for (int i = 0; i < batchRecords; i++) {
                enc.wrap(buf, i * 1024, 1024).begin(1, 0, i).addBlock(0, i, 0).finish(1024 - 37);
            }
            long bytes = 0;
            final long start = System.nanoTime();
            final long deadline = start + durationNanos;
            long now;
            do {
                log.append(buf, 0, buf.capacity());
                bytes += buf.capacity();
                now = System.nanoTime();
            } while (now < deadline && bytes < (1L << 30));
            return bytes / 1e6 / ((now - start) / 1e9);
        } finally {
            deleteTree(dir);
        }
    }

    /** Decodes (and CRC-checks) 1 KiB records from a 16 MiB in-memory buffer, over and over. Returns MB/s. */
    private static double decodeThroughput(final long durationNanos) {
        final int size = 16 << 20;
        final UnsafeBuffer buf = new UnsafeBuffer(ByteBuffer.allocateDirect(size));
        final WalRecordEncoder enc = new WalRecordEncoder();
        int at = 0;
        while (at + 1024 <= size) {
            at += enc.wrap(buf, at, 1024).begin(1, 0, at).addBlock(0, at, 0).finish(1024 - 37);
        }
        final int end = at;
        final WalRecordDecoder dec = new WalRecordDecoder();
        long bytes = 0;
        long sink = 0;
        final long start = System.nanoTime();
        final long deadline = start + durationNanos;
        long now;
        do {
            int off = 0;
            while (off < end) {
                dec.wrap(buf, off, end);
                sink += dec.xid();
                off += dec.length();
            }
            bytes += end;
            now = System.nanoTime();
        } while (now < deadline);
        if (sink == 42) {
            System.out.print("");
        }
        return bytes / 1e6 / ((now - start) / 1e9);
    }

    static void deleteTree(final Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> {
                try {
                    Files.deleteIfExists(x);
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
