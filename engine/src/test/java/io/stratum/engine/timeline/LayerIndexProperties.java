package io.stratum.engine.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.stratum.engine.key.PageKey;
import io.stratum.engine.layer.LayerDesc;
import io.stratum.engine.layer.LayerFile;
import io.stratum.wal.io.FileIo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * {@link LayerIndex} against the linear scans the layer map used before (kept here as the reference
 * model): for random level-0 and level-1 deltas, overlapping duplicates and images, and random queries,
 * the deltas a lookup reports and the image it picks are those of the old scans.
 */
class LayerIndexProperties {
    private static final Path NOWHERE = Path.of("nowhere");

    /** The old {@code PageReader} delta loop: newest first by lsnEnd, stop at the floor. */
    static Set<LayerFile> linearDeltas(final List<LayerFile> newestFirst, final long hi, final long lo,
        final long bound, final long floor) {
        final Set<LayerFile> out = Collections.newSetFromMap(new IdentityHashMap<>());
        for (final LayerFile d : newestFirst) {
            if (d.desc().lsnEnd() <= floor) {
                break;
            }
            if (d.desc().lsnStart() < bound && d.desc().containsKey(hi, lo)) {
                out.add(d);
            }
        }
        return out;
    }

    /** The old {@code LayerMap.newestImage}: the first image, newest first, at or below lsn holding the key. */
    static LayerFile linearImage(final List<LayerFile> newestFirst, final long hi, final long lo, final long lsn) {
        for (final LayerFile l : newestFirst) {
            if (l.desc().imageLsn() <= lsn && l.desc().containsKey(hi, lo)) {
                return l;
            }
        }
        return null;
    }

    private static long key(final int k) {
        return k * 0x1000L;
    }

    @Property(tries = 200)
    void lookupsMatchTheLinearScans(@ForAll final long seed) {
        final Random r = new Random(seed);
        final LayerMap map = new LayerMap();
        final int n = r.nextInt(60);
        for (int i = 0; i < n; i++) {
            final int kind = r.nextInt(10);
            final long s = 1 + r.nextInt(200);
            final long e = s + 1 + r.nextInt(kind < 2 ? 10 : 60);
            final int k1 = r.nextInt(40);
            final int k2 = k1 + 1 + r.nextInt(12);
            final LayerDesc d;
            if (kind < 3) {
                d = LayerDesc.delta(PageKey.MIN_HI, PageKey.MIN_LO, PageKey.MAX_HI, PageKey.MAX_LO, s, e);
            } else if (kind < 7) {
                d = LayerDesc.delta(0, key(k1), 0, key(k2), s, e);
            } else {
                d = r.nextBoolean() ? LayerDesc.image(0, key(k1), 0, key(k2), s)
                    : LayerDesc.image(PageKey.MIN_HI, PageKey.MIN_LO, LayerMap.KEYSPACE_END_HI, LayerMap.KEYSPACE_END_LO, s);
            }
            map.add(new LayerFile(FileIo.real(), NOWHERE, d));
            if (r.nextInt(8) == 0 && !map.deltas().isEmpty()) {
                map.remove(map.deltas().get(r.nextInt(map.deltas().size())));
            }
        }
        final LayerIndex index = map.index();
        for (int q = 0; q < 200; q++) {
            final long lo = key(r.nextInt(56)) + (r.nextBoolean() ? 0 : r.nextInt(0x1000));
            final long bound = 1 + r.nextInt(280);
            final long floor = r.nextInt(4) == 0 ? 0 : r.nextInt((int) bound);
            final Set<LayerFile> got = Collections.newSetFromMap(new IdentityHashMap<>());
            index.deltas(0, lo, bound, new LayerIndex.DeltaVisitor() {
                @Override
                public long floor() {
                    return floor;
                }

                @Override
                public void visit(final LayerFile delta) {
                    if (!got.add(delta)) {
                        throw new AssertionError("reported twice: " + delta.desc());
                    }
                }
            });
            assertEquals(names(linearDeltas(map.deltas(), 0, lo, bound, floor)), names(got),
                "deltas for key " + Long.toHexString(lo) + " bound " + bound + " floor " + floor);
            final LayerFile want = linearImage(map.images(), 0, lo, bound);
            final LayerFile img = index.newestImage(0, lo, bound);
            if (want == null) {
                assertSame(null, img);
            } else {
                assertEquals(want.desc().imageLsn(), img.desc().imageLsn(), "image LSN for key " + Long.toHexString(lo));
                assertEquals(true, img.desc().containsKey(0, lo));
            }
        }
    }

    private static List<String> names(final Set<LayerFile> s) {
        final List<String> out = new ArrayList<>();
        for (final LayerFile l : s) {
            out.add(l.desc().toString() + "@" + System.identityHashCode(l));
        }
        Collections.sort(out);
        return out;
    }

    /** Lookups touch O(log n) index nodes: with 4096 disjoint layers a lookup compares far fewer than 4096 layers. */
    @Test
    void lookupVisitsOnlyTheLayersHoldingTheKey() {
        final LayerMap map = new LayerMap();
        for (int i = 0; i < 4096; i++) {
            map.add(new LayerFile(FileIo.real(), NOWHERE, LayerDesc.delta(0, key(i), 0, key(i + 1), 10, 20)));
        }
        final int[] visited = new int[1];
        map.index().deltas(0, key(1234) + 5, 100, new LayerIndex.DeltaVisitor() {
            @Override
            public long floor() {
                return 0;
            }

            @Override
            public void visit(final LayerFile delta) {
                visited[0]++;
                assertEquals(key(1234), delta.desc().keyStartLo());
            }
        });
        assertEquals(1, visited[0]);
    }
}
