package io.stratum.engine.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratum.engine.layer.LayerDesc;
import io.stratum.engine.layer.LayerFile;
import io.stratum.engine.layer.LayerWriter;
import io.stratum.wal.io.FileIo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * {@link KeyMerge} against a sorted-set model: for random layer files (small blocks, so ranges start
 * mid-file), per-layer LSN bounds, a sorted key list and a random key range, the merge yields exactly the
 * distinct keys in the range that have a version at or below their source's bound, in order.
 */
class KeyMergeProperties {
    @Property(tries = 60)
    void mergeYieldsTheDistinctKeysOfTheRange(@ForAll final long seed) throws IOException {
        final Random r = new Random(seed);
        final Path dir = Files.createTempDirectory("keymerge");
        final UnsafeBuffer value = new UnsafeBuffer(new byte[300]);
        final List<LayerFile> files = new ArrayList<>();
        try {
            final TreeSet<Long> model = new TreeSet<>();
            final long s = r.nextInt(100);
            final long e = s + r.nextInt(150);
            final int layers = 1 + r.nextInt(6);
            final long[] bounds = new long[layers];
            for (int l = 0; l < layers; l++) {
                final TreeMap<Long, TreeSet<Long>> entries = new TreeMap<>(); // key -> lsns
                for (int i = r.nextInt(120); i > 0; i--) {
                    entries.computeIfAbsent((long) r.nextInt(220), k -> new TreeSet<>()).add(1L + r.nextInt(100));
                }
                bounds[l] = r.nextInt(110);
                final LayerDesc d = LayerDesc.delta(0, 0, 0, 1000, 100L * l, 100L * l + 200);
                try (LayerWriter w = new LayerWriter(FileIo.real(), dir, 1024)) {
                    for (final var en : entries.entrySet()) {
                        for (final long lsn : en.getValue()) {
                            w.add(0, en.getKey(), lsn, 0, value, 0, r.nextInt(300));
                            if (lsn <= bounds[l] && en.getKey() >= s && en.getKey() < e) {
                                model.add(en.getKey());
                            }
                        }
                    }
                    files.add(new LayerFile(FileIo.real(), w.finish(d), d));
                }
            }
            final KeyList list = new KeyList();
            for (int i = r.nextInt(30); i > 0; i--) {
                final long k = r.nextInt(220);
                list.add(0, k);
                if (k >= s && k < e) {
                    model.add(k);
                }
            }
            list.sortUnique();
            final List<Long> got = new ArrayList<>();
            try (KeyMerge m = new KeyMerge(0, s, 0, e)) {
                for (int l = 0; l < layers; l++) {
                    m.addLayer(files.get(l), bounds[l]);
                }
                m.addKeys(list);
                while (m.next()) {
                    assertEquals(0, m.keyHi());
                    got.add(m.keyLo());
                }
            }
            assertEquals(new ArrayList<>(model), got, "range [" + s + ", " + e + ")");
        } finally {
            for (final LayerFile f : files) {
                f.close();
            }
            try (var st = Files.list(dir)) {
                for (final Path p : st.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }
}
