package io.stratum.compute.types;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * Interval text in IntervalStyle postgres. The Java form is a {@link Duration}, which has no months: on
 * input a month counts 30 days and a year 365.25 days (as PostgreSQL's {@code extract(epoch ...)}); on
 * output whole days are printed as {@code N days} and the rest as {@code hh:mm:ss[.ffffff]}.
 */
final class IntervalText {
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private IntervalText() {
    }

    static String format(final Duration d) {
        final long micros = toMicros(d);
        final long days = micros / MICROS_PER_DAY;
        final long time = micros % MICROS_PER_DAY;
        final StringBuilder sb = new StringBuilder(24);
        if (days != 0) {
            sb.append(days).append(days == 1 ? " day" : " days");
        }
        if (time != 0 || days == 0) {
            if (days != 0) {
                sb.append(' ');
            }
            final long abs = Math.abs(time);
            if (time < 0) {
                sb.append('-');
            }
            DateTimeText.appendTime(sb, abs / 3_600_000_000L, (int) (abs / 60_000_000L % 60),
                    (int) (abs / 1_000_000L % 60), (int) (abs % 1_000_000L));
        }
        return sb.toString();
    }

    /** Microseconds of a Duration (truncated below a microsecond). */
    static long toMicros(final Duration d) {
        return Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1000);
    }

    static Duration ofMicros(final long micros) {
        return Duration.ofSeconds(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }

    static Duration parse(final String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("@")) {
            s = s.substring(1).strip();
        }
        boolean ago = false;
        if (s.endsWith(" ago")) {
            ago = true;
            s = s.substring(0, s.length() - 4).strip();
        }
        if (s.isEmpty()) {
            throw CodecErrors.dateSyntax("interval", text);
        }
        if (s.startsWith("p")) {
            try {
                return negateIf(Duration.parse(s.toUpperCase(Locale.ROOT)), ago);
            } catch (final java.time.format.DateTimeParseException e) {
                throw CodecErrors.dateSyntax("interval", text);
            }
        }
        BigDecimal micros = BigDecimal.ZERO;
        final String[] tokens = s.split("\\s+");
        int i = 0;
        try {
            while (i < tokens.length) {
                final String tok = tokens[i];
                if (tok.indexOf(':') >= 0) {
                    micros = micros.add(BigDecimal.valueOf(timeMicros(tok, text)));
                    i++;
                    continue;
                }
                int split = 0;
                while (split < tok.length() && "+-.0123456789".indexOf(tok.charAt(split)) >= 0) {
                    split++;
                }
                if (split == 0) {
                    throw CodecErrors.dateSyntax("interval", text);
                }
                final BigDecimal number = new BigDecimal(tok.substring(0, split));
                String unit = tok.substring(split);
                if (unit.isEmpty() && i + 1 < tokens.length && Character.isLetter(tokens[i + 1].charAt(0))) {
                    unit = tokens[++i];
                }
                micros = micros.add(number.multiply(BigDecimal.valueOf(unitMicros(unit, text))));
                i++;
            }
        } catch (final NumberFormatException e) {
            throw CodecErrors.dateSyntax("interval", text);
        }
        final long total;
        try {
            total = micros.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        } catch (final ArithmeticException e) {
            throw new io.stratum.compute.session.SqlException("22015", "interval out of range");
        }
        return negateIf(ofMicros(total), ago);
    }

    private static Duration negateIf(final Duration d, final boolean negate) {
        return negate ? d.negated() : d;
    }

    private static long timeMicros(final String tok, final String text) {
        String t = tok;
        boolean negative = false;
        if (t.startsWith("-") || t.startsWith("+")) {
            negative = t.startsWith("-");
            t = t.substring(1);
        }
        final String[] parts = t.split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw CodecErrors.dateSyntax("interval", text);
        }
        final long h = Long.parseLong(parts[0]);
        final long m = Long.parseLong(parts[1]);
        long micros = (h * 60 + m) * 60_000_000L;
        if (parts.length == 3) {
            final String sec = parts[2];
            final int dot = sec.indexOf('.');
            micros += Long.parseLong(dot < 0 ? sec : sec.substring(0, dot)) * 1_000_000L;
            if (dot >= 0) {
                micros += DateTimeText.fractionMicros(sec.substring(dot));
            }
        }
        return negative ? -micros : micros;
    }

    private static long unitMicros(final String unit, final String text) {
        switch (unit) {
            case "": case "s": case "sec": case "secs": case "second": case "seconds": return 1_000_000L;
            case "us": case "usec": case "usecs": case "microsecond": case "microseconds": return 1L;
            case "ms": case "msec": case "msecs": case "millisecond": case "milliseconds": return 1_000L;
            case "m": case "min": case "mins": case "minute": case "minutes": return 60_000_000L;
            case "h": case "hr": case "hrs": case "hour": case "hours": return 3_600_000_000L;
            case "d": case "day": case "days": return MICROS_PER_DAY;
            case "w": case "week": case "weeks": return 7 * MICROS_PER_DAY;
            case "mon": case "mons": case "month": case "months": return 30 * MICROS_PER_DAY;
            case "y": case "yr": case "yrs": case "year": case "years": return 31_557_600_000_000L;
            case "decade": case "decades": return 315_576_000_000_000L;
            case "century": case "centuries": return 3_155_760_000_000_000L;
            default: throw CodecErrors.dateSyntax("interval", text);
        }
    }
}
