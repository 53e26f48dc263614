package io.stratum.perf.engine;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.redo.EngineRecords;
import io.stratum.engine.timeline.Timeline;
import io.stratum.wal.codec.WalRecordEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.agrona.concurrent.UnsafeBuffer;

/** Shared helpers of the engine benchmarks: WAL generation, JSON output, scratch directories. */
final class EngineBenchSupport {
    static final long START_LSN = 0x100_0000L;

    private EngineBenchSupport() {
    }

    static long keyHi(final int i) {
        return PageKey.relHi(1, 1000 + i / 100_000);
    }

    static long keyLo(final int i) {
        return PageKey.relLo(1000 + i / 100_000, 0, i % 100_000);
    }

    private static final long[] TEXT = {0x6162636465666768L, 0x2020202020202020L, 0x4142434445464748L, 0x3030303030303030L};

    /** A step of splitmix64: a cheap, well-mixed pseudo-random sequence. */
    static long mix(final long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Generates and ingests WAL batches of about 1 MiB; returns the next LSN. */
    static final class WalFeeder {
        final UnsafeBuffer batch = new UnsafeBuffer(ByteBuffer.allocateDirect(2 << 20));
        final UnsafeBuffer page = new UnsafeBuffer(ByteBuffer.allocateDirect(PageKey.PAGE_SIZE));
        final UnsafeBuffer patch = new UnsafeBuffer(new byte[64]);
        final WalRecordEncoder enc = new WalRecordEncoder();
        long lsn;
        int len;
        long bytes;

        WalFeeder(final long lsn) {
            this.lsn = lsn;
        }

        /** Appends a full page image whose first 64 bytes vary (the rest compresses like a sparse page). */
        void fullPage(final Timeline t, final int key, final long seed) {
            page.setMemory(0, PageKey.PAGE_SIZE, (byte) 0);
            for (int i = 0; i < 8; i++) {
                page.putLong(i * 8, seed * 0x9E3779B97F4A7C15L + i);
            }
            room(t, PageKey.PAGE_SIZE + 64);
            len += EngineRecords.fullPage(enc, batch, len, keyHi(key), keyLo(key), page, 0);
        }

        /**
         * Appends a full page image shaped like a filled heap page, about half incompressible: a header,
         * then tuples of 64 bytes whose first 32 are pseudo-random and last 32 a repeated text (LZ4 about
         * 2 x). {@code seed} picks the content.
         */
        void dataPage(final Timeline t, final int key, final long seed) {
            long x = seed * 0x9E3779B97F4A7C15L + key;
            page.putLong(0, seed);
            page.putLong(8, key);
            page.putLong(16, 0x2000_0018L);
            for (int at = 24; at + 64 <= PageKey.PAGE_SIZE; at += 64) {
                for (int i = 0; i < 4; i++) {
                    x = mix(x);
                    page.putLong(at + 8 * i, x);
                }
                for (int i = 4; i < 8; i++) {
                    page.putLong(at + 8 * i, TEXT[i - 4]);
                }
            }
            page.setMemory(PageKey.PAGE_SIZE - 40, 40, (byte) 0);
            room(t, PageKey.PAGE_SIZE + 64);
            len += EngineRecords.fullPage(enc, batch, len, keyHi(key), keyLo(key), page, 0);
        }

        /** Appends a patch of {@code length} (1..64) pseudo-random bytes at {@code offset} of a page. */
        void patch(final Timeline t, final int key, final int offset, final int length, final long seed) {
            long x = seed;
            for (int i = 0; i < 64; i += 8) {
                x = mix(x);
                patch.putLong(i, x);
            }
            room(t, 128);
            len += EngineRecords.patch(enc, batch, len, keyHi(key), keyLo(key), offset, patch, 0, length);
        }

        void patch(final Timeline t, final int key, final int offset, final long value) {
            patch.putLong(0, value);
            room(t, 128);
            len += EngineRecords.patch(enc, batch, len, keyHi(key), keyLo(key), offset, patch, 0, 16);
        }

        private void room(final Timeline t, final int need) {
            if (len + need > (1 << 20)) {
                flushBatch(t);
            }
        }

        void flushBatch(final Timeline t) {
            if (len > 0) {
                t.ingest(lsn, batch, 0, len);
                lsn += len;
                bytes += len;
                len = 0;
            }
        }
    }

    /**
     * Writes an image layer of {@code pages} pages, then {@code rounds} flushed delta layers each patching
     * every page; returns the last LSN.
     */
    static long imagePlusDeltas(final Timeline t, final int pages, final int rounds) {
        final WalFeeder w = new WalFeeder(t.lastRecordLsn());
        for (int i = 0; i < pages; i++) {
            w.fullPage(t, i, i);
        }
        w.flushBatch(t);
        t.flush();
        t.createImages();
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < pages; i++) {
                w.patch(t, i, 64 + round * 16, round);
            }
            w.flushBatch(t);
            t.flush();
        }
        return t.lastRecordLsn();
    }

    static String json(final Map<String, Object> fields) {
        final StringBuilder sb = new StringBuilder("{");
        for (final Map.Entry<String, Object> e : fields.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(e.getKey()).append("\":");
            final Object v = e.getValue();
            if (v instanceof Number) {
                sb.append(v);
            } else {
                sb.append('"').append(v).append('"');
            }
        }
        return sb.append('}').toString();
    }

    static void print(final boolean asJson, final String title, final Map<String, Object> fields) {
        if (asJson) {
            System.out.println(json(fields));
            return;
        }
        System.out.println(title);
        for (final Map.Entry<String, Object> e : fields.entrySet()) {
            System.out.printf("  %-22s %s%n", e.getKey(), e.getValue());
        }
    }

    static Map<String, Object> fields() {
        return new LinkedHashMap<>();
    }

    static double round(final double v) {
        return Math.round(v * 100) / 100.0;
    }

    static Path scratchDir(final Path base, final String name) throws IOException {
        if (base != null) {
            Files.createDirectories(base);
            return Files.createTempDirectory(base, name);
        }
        return Files.createTempDirectory(name);
    }

    static void deleteRecursively(final Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
