package io.stratum.engine;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Model-based test: random sequences of ingest (full pages, patches, zeroing, commits), flush, compaction,
 * image creation, GC, branching at a random LSN, reads at a random (timeline, key, LSN) and restarts
 * (clean or after a simulated crash), checked against {@link EngineModel}; after every GC and restart
 * every retained LSN of every timeline is checked.
 */
class EngineModelProperties {

    /** op: 0-44 write, 45-54 flush, 55-61 compact, 62-66 images, 67-73 gc, 74-77 branch, 78-95 read, 96-99 restart. */
    record Op(int op, int a, int b, int c) {
        @Override
        public String toString() {
            final String name = op < 45 ? "write" : op < 55 ? "flush" : op < 62 ? "compact" : op < 67 ? "images"
                : op < 74 ? "gc" : op < 78 ? "branch" : op < 96 ? "read" : "restart";
            return name + "(" + a + "," + b + "," + c + ")";
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        final Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 99),
            Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 1000),
            Arbitraries.integers().between(0, 1 << 20)).as(Op::new);
        return op.list().ofMinSize(60).ofMaxSize(200);
    }

    @Property(tries = 150)
    void engineMatchesModel(@ForAll("ops") final List<Op> ops) throws Exception {
        final Path dir = Files.createTempDirectory("engine-model");
        int gcDeleted = 0;
        try (EngineModel m = new EngineModel(dir)) {
            for (final Op o : ops) {
                final int tl = o.a % m.tls.size();
                if (o.op < 45) {
                    final int kind = o.b % 10 < 3 ? 0 : o.b % 10 < 8 ? 1 : o.b % 10 < 9 ? 2 : 3;
                    m.write(tl, new EngineModel.Change(o.c % EngineModel.KEYS, kind, o.c >> 3, (o.c >> 4) % 8188));
                } else if (o.op < 55) {
                    m.timeline(tl).flush();
                } else if (o.op < 62) {
                    m.timeline(tl).compact();
                } else if (o.op < 67) {
                    m.timeline(tl).createImages();
                } else if (o.op < 74) {
                    m.clock.addAndGet(o.b * 10L);
                    gcDeleted += m.timeline(tl).gc();
                    assertNull(m.checkAll(), () -> "after gc: " + m.checkAll());
                } else if (o.op < 78) {
                    final List<Long> lsns = m.readableLsns(tl);
                    if (m.tls.size() < 5 && !lsns.isEmpty()) {
                        m.branch(tl, lsns.get(o.b % lsns.size()));
                    }
                } else if (o.op < 96) {
                    final List<Long> lsns = m.readableLsns(tl);
                    if (!lsns.isEmpty()) {
                        assertNull(m.check(tl, o.c % EngineModel.KEYS, lsns.get(o.b % lsns.size())));
                    }
                } else {
                    m.restart(o.b % 2 == 0 ? null : new Random(o.c));
                    assertNull(m.checkAll(), () -> "after restart: " + m.checkAll());
                }
            }
            assertNull(m.checkAll());
            int layers = 0;
            boolean images = false;
            for (int i = 0; i < m.tls.size(); i++) {
                layers += m.timeline(i).layerDescs().size();
                images |= m.timeline(i).layerDescs().stream().anyMatch(d -> d.image());
            }
            Statistics.label("layers>3").collect(layers > 3);
            Statistics.label("images").collect(images);
            Statistics.label("gc deleted").collect(gcDeleted > 0);
            Statistics.label("branches").collect(m.tls.size() > 1);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
