package io.stratum.engine.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * {@link ReadContext#sortNewestFirst} against a stable sort by LSN, newest first, over versions that arrive as
 * several ascending runs (one per layer, layers in any order), with equal LSNs, and already sorted either way.
 */
class SortNewestFirstProperties {
    @Property(tries = 300, seed = "20261201")
    void sortsNewestFirstKeepingEqualLsnsInArrivalOrder(
            @ForAll @Size(max = 300) final List<@IntRange(min = 1, max = 60) Integer> lsnDeltas,
            @ForAll @IntRange(min = 1, max = 8) final int runs,
            @ForAll final boolean reverseRuns) {
        // the versions: `runs` ascending runs of the LSNs, interleaved the way layers of a tree are visited
        final List<long[]> arrivals = new ArrayList<>(); // {lsn, arrival index}
        final List<List<Long>> perRun = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            perRun.add(new ArrayList<>());
        }
        long lsn = 1000; // above the context's floor (0)
        for (int i = 0; i < lsnDeltas.size(); i++) {
            lsn += lsnDeltas.get(i) % 5 == 0 ? 0 : lsnDeltas.get(i); // some equal LSNs
            perRun.get(i % runs).add(lsn);
        }
        if (reverseRuns) {
            java.util.Collections.reverse(perRun);
        }
        try (ReadContext rc = new ReadContext()) {
            final UnsafeBuffer one = new UnsafeBuffer(new byte[1]);
            for (final List<Long> run : perRun) {
                for (final long l : run) {
                    rc.accept(l, 0, one, 0, 1);
                    arrivals.add(new long[] {l, arrivals.size()});
                }
            }
            final int n = arrivals.size();
            assertEquals(n, rc.count);
            // the arena offset of each version is its arrival index (one byte each): it travels with the LSN
            rc.sortNewestFirst();
            final List<long[]> expected = new ArrayList<>(arrivals);
            expected.sort(Comparator.comparingLong((long[] a) -> -a[0])); // List.sort is stable
            for (int i = 0; i < n; i++) {
                assertEquals(expected.get(i)[0], rc.lsns[i], "lsn at " + i);
                assertEquals(expected.get(i)[1], rc.offsets[i], "arrival order of the version at " + i);
                assertEquals(1, rc.lengths[i]);
            }
            // sorting again changes nothing (already newest first)
            rc.sortNewestFirst();
            for (int i = 0; i < n; i++) {
                assertEquals(expected.get(i)[1], rc.offsets[i]);
            }
        }
    }
}
