package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import java.time.Duration;
import java.util.Locale;

/** Interval input ('1 day', '2 hours 3 minutes', '01:02:03', '-1 week') as a Duration (months as 30 days). */
final class Intervals {
    private Intervals() {
    }

    static Duration parse(final String text) {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        Duration d = Duration.ZERO;
        final String[] parts = t.replace("@", " ").trim().split("\\s+");
        int i = 0;
        boolean ago = false;
        try {
            while (i < parts.length) {
                final String p = parts[i];
                if (p.isEmpty()) {
                    i++;
                    continue;
                }
                if (p.equals("ago")) {
                    ago = true;
                    i++;
                    continue;
                }
                if (p.contains(":")) {
                    final boolean neg = p.startsWith("-");
                    final String[] hms = (neg ? p.substring(1) : p).split(":");
                    Duration x = Duration.ofHours(Long.parseLong(hms[0])).plusMinutes(Long.parseLong(hms[1]));
                    if (hms.length > 2) {
                        x = x.plusNanos((long) (Double.parseDouble(hms[2]) * 1e9));
                    }
                    d = d.plus(neg ? x.negated() : x);
                    i++;
                    continue;
                }
                final double n;
                String unit;
                final int split = firstLetter(p);
                if (split > 0) {
                    n = Double.parseDouble(p.substring(0, split));
                    unit = p.substring(split);
                    i++;
                } else {
                    n = Double.parseDouble(p);
                    unit = i + 1 < parts.length ? parts[i + 1] : "second";
                    i += 2;
                }
                unit = unit.endsWith("s") && unit.length() > 1 ? unit.substring(0, unit.length() - 1) : unit;
                final double seconds;
                switch (unit) {
                    case "microsecond": case "u": case "usec": seconds = 1e-6; break;
                    case "millisecond": case "m": case "msec": case "ms": seconds = 1e-3; break;
                    case "second": case "sec": case "": seconds = 1; break;
                    case "minute": case "min": seconds = 60; break;
                    case "hour": case "h": case "hr": seconds = 3600; break;
                    case "day": case "d": seconds = 86400; break;
                    case "week": case "w": seconds = 7 * 86400; break;
                    case "mon": case "month": seconds = 30 * 86400; break;
                    case "year": case "y": case "yr": seconds = 365.25 * 86400; break;
                    default: throw new NumberFormatException(unit);
                }
                d = d.plusNanos(Math.round(n * seconds * 1e9));
            }
        } catch (final RuntimeException e) {
            throw new SqlException("22007", "invalid input syntax for type interval: \"" + text + "\"");
        }
        return ago ? d.negated() : d;
    }

    private static int firstLetter(final String p) {
        for (int i = 0; i < p.length(); i++) {
            if (Character.isLetter(p.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
