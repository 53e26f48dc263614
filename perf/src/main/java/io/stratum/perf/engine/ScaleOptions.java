package io.stratum.perf.engine;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options {@code bench getpage} and {@code bench ingest} share for their timeline-size runs
 * ({@link ScaleBench}), declared once and mixed into both commands.
 */
final class ScaleOptions {
    @Option(names = "--timeline-gib", split = ",", paramLabel = "GIB",
        description = "instead: for each size in turn (e.g. 1,10), build a timeline of that many GiB of pages "
            + "(131,072 per GiB: a full image of each, then --update-ratio x the size of small patches and images over "
            + "random pages, background compaction and image creation on) and measure ingest MB/s, the maintenance "
            + "left after it, a full image pass, peak heap and direct memory; 'bench getpage' also measures GetPage "
            + "p50/p99 at random pages and LSNs and prints p99(last)/p99(first). Needs about 3 x the size in free "
            + "disk; run with -Xmx256m")
    double[] timelineGib;

    @Option(names = "--update-ratio", defaultValue = "0.25",
        description = "with --timeline-gib: update WAL after the load, as a fraction of the size (the same changes per "
            + "page at every size; default ${DEFAULT-VALUE})")
    double updateRatio;

    /** Whether {@code --timeline-gib} was given. */
    boolean requested() {
        return timelineGib != null;
    }

    /** The size runs these options ask for, measuring GetPage or not. */
    ScaleBench bench(final boolean getPage, final Path base, final boolean json) {
        final ScaleBench s = new ScaleBench();
        s.sizesGib = timelineGib;
        s.updateRatio = updateRatio;
        s.getPage = getPage;
        s.base = base;
        s.json = json;
        return s;
    }
}
