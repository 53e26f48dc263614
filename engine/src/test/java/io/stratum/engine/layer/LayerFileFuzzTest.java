package io.stratum.engine.layer;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.fuzz.FuzzTries;
import io.stratum.wal.io.FileIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The layer-file reader on mutated files (flipped bytes, overwritten ints, truncation, appended garbage):
 * reading every key either returns exactly what was written or fails with CORRUPT naming the file; never
 * another exception, never different bytes.
 */
@AddLifecycleHook(FuzzTries.class)
class LayerFileFuzzTest {
    private static final int KEYS = 40;
    private static Path root;
    private static byte[] original;
    private static String name;
    private static LayerDesc desc;
    private static List<String> expected;

    @BeforeContainer
    static void write() throws IOException {
        root = Files.createTempDirectory("layer-fuzz");
        final Random r = new Random(13);
        desc = LayerDesc.delta(0, 0, 0, KEYS, 1, 1000);
        final Path file;
        try (LayerWriter w = new LayerWriter(FileIo.real(), root, 1024)) {
            for (int k = 0; k < KEYS; k++) {
                for (int v = 0; v < 3; v++) {
                    final byte[] value = new byte[r.nextInt(300)];
                    r.nextBytes(value);
                    w.add(0, k, 10 + 100 * v + k, v, new UnsafeBuffer(value), 0, value.length);
                }
            }
            file = w.finish(desc);
        }
        original = Files.readAllBytes(file);
        name = file.getFileName().toString();
        expected = readAll(file);
    }

    @AfterContainer
    static void clean() throws IOException {
        try (var walk = Files.walk(root)) {
            for (final Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static List<String> readAll(final Path file) {
        final List<String> out = new ArrayList<>();
        final LayerFile f = new LayerFile(FileIo.real(), file, desc);
        try (LayerScratch s = new LayerScratch()) {
            for (int k = 0; k < KEYS; k++) {
                final int key = k;
                f.collect(s, 0, k, 0, Long.MAX_VALUE, (lsn, flags, buf, off, len) -> {
                    final byte[] b = new byte[len];
                    buf.getBytes(off, b);
                    out.add(key + "@" + lsn + "/" + flags + ":" + java.util.Arrays.hashCode(b) + "/" + len);
                    return true;
                });
            }
        } finally {
            f.close();
        }
        return out;
    }

    /** Flip, overwrite an int, truncate, or append. */
    record Mutation(int kind, int at, int value) {
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers(), Arbitraries.integers())
            .as(Mutation::new).list().ofMinSize(1).ofMaxSize(3);
    }

    @Property(tries = 200, seed = "13")
    void corruptFilesAreReportedNeverMisread(@ForAll("mutations") final List<Mutation> mutations) throws IOException {
        byte[] b = original.clone();
        for (final Mutation m : mutations) {
            final int p = Math.floorMod(m.at(), Math.max(1, b.length));
            switch (m.kind()) {
                case 0 -> b[p] ^= (byte) (1 + Math.floorMod(m.value(), 255));
                case 1 -> {
                    for (int i = 0; i < 4 && p + i < b.length; i++) {
                        b[p + i] = (byte) (m.value() >>> (24 - 8 * i));
                    }
                }
                case 2 -> b = java.util.Arrays.copyOf(b, p);
                default -> {
                    final byte[] c = java.util.Arrays.copyOf(b, b.length + 1 + Math.floorMod(m.value(), 64));
                    c[c.length - 1] = (byte) m.value();
                    b = c;
                }
            }
        }
        final Path dir = Files.createTempDirectory(root, "t");
        final Path f = dir.resolve(name);
        Files.write(f, b);
        try {
            final List<String> got = readAll(f);
            if (!got.equals(expected)) {
                throw new AssertionError("a corrupt layer file was read without an error and gave other versions");
            }
        } catch (final StratumException e) {
            if (e.code() != ErrorCode.CORRUPT || !e.getMessage().contains(name)) {
                throw new AssertionError("expected CORRUPT naming the file, got " + e.code() + ": " + e.getMessage(), e);
            }
        } finally {
            Files.delete(f);
            Files.delete(dir);
        }
    }
}
