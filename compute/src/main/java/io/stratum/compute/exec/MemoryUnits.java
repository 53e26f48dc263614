package io.stratum.compute.exec;

import java.util.Locale;

/**
 * Memory settings (work_mem) as PostgreSQL reads and prints them: a number of kilobytes, optionally with a unit
 * {@code B}, {@code kB}, {@code MB}, {@code GB} or {@code TB} (1024-based, bytes rounded up to whole kilobytes),
 * printed in the largest unit that divides the value ({@code 65536} kB is {@code 64MB}). Threads: none.
 */
public final class MemoryUnits {
    private MemoryUnits() {
    }

    /** The kilobytes {@code text} names, or -1 when it is not a number with a valid unit. */
    public static long kilobytes(final String text) {
        final String t = text.trim();
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.' || i == 0 && t.charAt(i) == '-')) {
            i++;
        }
        if (i == 0) {
            return -1;
        }
        final double n;
        try {
            n = Double.parseDouble(t.substring(0, i));
        } catch (final NumberFormatException e) {
            return -1;
        }
        final double kb;
        switch (t.substring(i).trim()) {
            case "": case "kB": kb = n; break;
            case "B": kb = Math.ceil(n / 1024); break;
            case "MB": kb = n * 1024; break;
            case "GB": kb = n * 1024 * 1024; break;
            case "TB": kb = n * 1024 * 1024 * 1024; break;
            default: return -1;
        }
        return kb < 0 || kb > Long.MAX_VALUE / 2048 ? -1 : Math.round(kb);
    }

    /** {@code kb} kilobytes as SHOW prints them. */
    public static String format(final long kb) {
        final String[] units = {"kB", "MB", "GB", "TB"};
        long v = kb;
        int u = 0;
        while (v != 0 && v % 1024 == 0 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%d%s", v, units[u]);
    }
}
