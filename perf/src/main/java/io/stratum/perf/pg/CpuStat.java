package io.stratum.perf.pg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's CPU time counters from Linux's {@code /proc/stat} (its first line), to report how much of
 * a run the hypervisor took away (steal): on a shared host that, not the code, can decide a comparison.
 */
final class CpuStat {
    private static final Path STAT = Path.of("/proc/stat");
    private static final int STEAL = 7; // user nice system idle iowait irq softirq steal ...

    private CpuStat() {
    }

    /** The counters of the {@code cpu} line, or null where there is no /proc/stat. */
    static long[] read() {
        try {
            final String line = Files.readAllLines(STAT).get(0);
            final String[] f = line.trim().split("\\s+");
            if (!f[0].equals("cpu") || f.length < 1 + STEAL + 1) {
                return null;
            }
            final long[] v = new long[f.length - 1];
            for (int i = 0; i < v.length; i++) {
                v[i] = Long.parseLong(f[i + 1]);
            }
            return v;
        } catch (final IOException | RuntimeException e) {
            return null;
        }
    }

    /** Steal time between two readings, in percent of all CPU time then; -1 when unknown. */
    static double stealPercent(final long[] before, final long[] after) {
        if (before == null || after == null || before.length != after.length) {
            return -1;
        }
        long total = 0;
        for (int i = 0; i < Math.min(before.length, 8); i++) { // guest times are inside user already
            total += after[i] - before[i];
        }
        return total <= 0 ? -1 : 100.0 * (after[STEAL] - before[STEAL]) / total;
    }
}
