package io.stratum.perf.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bench getpage|ingest --timeline-gib} at tiny sizes (CI never runs the 1 and 10 GiB form). */
class ScaleBenchTest {
    @TempDir
    Path dir;

    @Test
    void getPageAtTwoSizesReportsEachSizeAndTheRatioAndDeletesItsData() throws Exception {
        final String out = run(new GetPageBench(), "--timeline-gib", "0.002,0.004", "--update-ratio", "25",
            "--warmup-seconds", "0", "--seconds", "1", "--json", "--dir", dir.toString());
        assertEquals("0.002,0.004", text(out, "sizes_gib"));
        assertEquals(262, number(out, "gib0.002_pages"), 0);
        assertEquals(524, number(out, "gib0.004_pages"), 0);
        for (final String size : new String[] {"gib0.002_", "gib0.004_"}) {
            assertTrue(number(out, size + "wal_mb") >= 50, out);
            assertTrue(number(out, size + "ingest_mb_per_s") > 0, out);
            assertTrue(number(out, size + "getpage_reads") > 0, out);
            assertTrue(number(out, size + "getpage_p99_us") >= number(out, size + "getpage_p50_us"), out);
            assertTrue(number(out, size + "heap_peak_mb") > 0, out);
            assertTrue(number(out, size + "layer_files") > 1, out);
        }
        final double ratio = number(out, "gib0.004_getpage_p99_us") / number(out, "gib0.002_getpage_p99_us");
        assertEquals(ratio, number(out, "p99_ratio_last_to_first"), 0.01 + ratio * 0.01);
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "scratch directories deleted");
        }
    }

    @Test
    void ingestFormSkipsGetPage() throws Exception {
        final String out = run(new IngestBench(), "--timeline-gib", "0.002", "--update-ratio", "5", "--json",
            "--dir", dir.toString());
        assertTrue(number(out, "gib0.002_image_pass_s") >= 0, out);
        assertTrue(!out.contains("getpage") && !out.contains("p99_ratio"), out);
    }

    private static String run(final Object command, final String... args) {
        final PrintStream old = System.out;
        final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        final int rc;
        try {
            rc = new CommandLine(command).execute(args);
        } finally {
            System.setOut(old);
        }
        final String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, out);
        return out;
    }

    private static double number(final String json, final String key) {
        final Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":(-?[0-9.Ee+-]+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    private static String text(final String json, final String key) {
        final Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":\"([^\"]*)\"").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return m.group(1);
    }
}
