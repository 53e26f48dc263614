package io.stratum.compute.types;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text forms of date, time, timestamp and timestamptz in DateStyle ISO, as PostgreSQL 15 prints them
 * ({@code 2026-12-01 09:05:48.202322+00}, {@code 0044-03-15 BC}, {@code infinity}); LocalDate.MAX/MIN,
 * LocalDateTime.MAX/MIN and OffsetDateTime.MAX/MIN stand for infinity and -infinity; LocalTime.MAX for
 * {@code 24:00:00}.
 */
final class DateTimeText {
    private static final Pattern DATE = Pattern.compile("(\\d{1,7})-(\\d{1,2})-(\\d{1,2})");
    /** What may follow a date in date input: a time of day and/or a zone offset, both ignored. */
    private static final Pattern DATE_SUFFIX = Pattern.compile(
        "(\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?\\s*([+-]\\d{1,2}(:?\\d{2})?|Z|UTC|GMT)?");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{1,7})-(\\d{1,2})-(\\d{1,2})(?:[ T]+(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(\\.\\d*)?)?)?"
            + "\\s*(Z|z|[+-]\\d{1,2}(?::?\\d{2}(?::?\\d{2})?)?|UTC|utc|GMT|gmt)?(\\s+(?:BC|bc|AD|ad))?");
    private static final Pattern TIME = Pattern.compile(
            "(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(\\.\\d*)?)?\\s*(Z|z|[+-]\\d{1,2}(?::?\\d{2})?)?");

    private DateTimeText() {
    }

    static String formatDate(final LocalDate d) {
        if (d.equals(LocalDate.MAX)) {
            return "infinity";
        }
        if (d.equals(LocalDate.MIN)) {
            return "-infinity";
        }
        final StringBuilder sb = new StringBuilder(16);
        appendDate(sb, d);
        if (d.getYear() <= 0) {
            sb.append(" BC");
        }
        return sb.toString();
    }

    static String formatTime(final LocalTime t) {
        final StringBuilder sb = new StringBuilder(15);
        if (t.equals(LocalTime.MAX)) {
            return "24:00:00";
        }
        appendTime(sb, t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1000);
        return sb.toString();
    }

    static String formatTimestamp(final LocalDateTime ts) {
        if (ts.equals(LocalDateTime.MAX)) {
            return "infinity";
        }
        if (ts.equals(LocalDateTime.MIN)) {
            return "-infinity";
        }
        final StringBuilder sb = new StringBuilder(32);
        appendDate(sb, ts.toLocalDate());
        sb.append(' ');
        appendTime(sb, ts.getHour(), ts.getMinute(), ts.getSecond(), ts.getNano() / 1000);
        if (ts.getYear() <= 0) {
            sb.append(" BC");
        }
        return sb.toString();
    }

    /** The instant printed in {@code zone} with PostgreSQL's {@code +00}, {@code +05:30}, {@code +00:19:32}. */
    static String formatTimestamptz(final OffsetDateTime ts, final ZoneId zone) {
        if (ts.equals(OffsetDateTime.MAX)) {
            return "infinity";
        }
        if (ts.equals(OffsetDateTime.MIN)) {
            return "-infinity";
        }
        final Instant instant = ts.toInstant();
        final ZoneOffset offset = zone.getRules().getOffset(instant);
        final LocalDateTime local = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), offset);
        final StringBuilder sb = new StringBuilder(40);
        appendDate(sb, local.toLocalDate());
        sb.append(' ');
        appendTime(sb, local.getHour(), local.getMinute(), local.getSecond(), local.getNano() / 1000);
        final int total = offset.getTotalSeconds();
        final int abs = Math.abs(total);
        sb.append(total < 0 ? '-' : '+');
        pad2(sb, abs / 3600);
        if (abs % 3600 != 0) {
            sb.append(':');
            pad2(sb, abs / 60 % 60);
            if (abs % 60 != 0) {
                sb.append(':');
                pad2(sb, abs % 60);
            }
        }
        if (local.getYear() <= 0) {
            sb.append(" BC");
        }
        return sb.toString();
    }

    private static void appendDate(final StringBuilder sb, final LocalDate d) {
        final int year = d.getYear() <= 0 ? 1 - d.getYear() : d.getYear();
        if (year < 1000) {
            sb.append(year < 10 ? "000" : year < 100 ? "00" : "0");
        }
        sb.append(year).append('-');
        pad2(sb, d.getMonthValue());
        sb.append('-');
        pad2(sb, d.getDayOfMonth());
    }

    static void appendTime(final StringBuilder sb, final long hours, final int minutes, final int seconds,
                           final int micros) {
        if (hours < 10) {
            sb.append('0');
        }
        sb.append(hours).append(':');
        pad2(sb, minutes);
        sb.append(':');
        pad2(sb, seconds);
        if (micros != 0) {
            sb.append('.');
            int m = micros;
            int width = 6;
            while (m % 10 == 0) {
                m /= 10;
                width--;
            }
            final String s = Integer.toString(m);
            for (int i = s.length(); i < width; i++) {
                sb.append('0');
            }
            sb.append(s);
        }
    }

    private static void pad2(final StringBuilder sb, final int v) {
        if (v < 10) {
            sb.append('0');
        }
        sb.append(v);
    }

    static LocalDate parseDate(final String text) {
        if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
            // the ISO form COPY and drivers send: no regular expression, no case folding
            final int y = digits(text, 0, 4);
            final int mo = digits(text, 5, 7);
            final int d = digits(text, 8, 10);
            if (y >= 0 && mo >= 0 && d >= 0) {
                try {
                    return LocalDate.of(y, mo, d);
                } catch (final DateTimeException e) {
                    throw dateRangeHint(text);
                }
            }
        }
        final String s = text.strip();
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "infinity": return LocalDate.MAX;
            case "-infinity": return LocalDate.MIN;
            case "epoch": return LocalDate.of(1970, 1, 1);
            default: break;
        }
        String body = s;
        boolean bc = false;
        final String upper = s.toUpperCase(java.util.Locale.ROOT);
        if (upper.endsWith(" BC") || upper.endsWith(" AD")) {
            bc = upper.endsWith(" BC");
            body = s.substring(0, s.length() - 3).strip();
        }
        // as PostgreSQL, a time of day or a zone after the date is read and ignored: pgJDBC's setDate sends
        // "2026-02-28 +00" with no type
        final Matcher m = DATE.matcher(body);
        if (!m.matches() && !(m.lookingAt() && Character.isWhitespace(body.charAt(m.end()))
            && DATE_SUFFIX.matcher(body.substring(m.end()).strip()).matches())) {
            throw CodecErrors.dateSyntax("date", text);
        }
        return date(m.group(1), m.group(2), m.group(3), bc, text);
    }

    /** The decimal value of text[from, to) when every character is an ASCII digit, else -1. */
    private static int digits(final String text, final int from, final int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            final char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static LocalDate date(final String y, final String mo, final String d, final boolean bc,
                                  final String text) {
        try {
            int year = Integer.parseInt(y);
            if (bc) {
                if (year == 0) {
                    throw CodecErrors.dateRange(text);
                }
                year = 1 - year;
            }
            return LocalDate.of(year, Integer.parseInt(mo), Integer.parseInt(d));
        } catch (final DateTimeException e) {
            throw dateRangeHint(text);
        }
    }

    private static io.stratum.compute.session.SqlException dateRangeHint(final String text) {
        return new io.stratum.compute.session.SqlException("22008",
                "date/time field value out of range: \"" + text + "\"", null,
                "Perhaps you need a different \"datestyle\" setting.", 0, null);
    }

    static LocalTime parseTime(final String text) {
        final String s = text.strip();
        final Matcher m = TIME.matcher(s);
        if (!m.matches()) {
            throw CodecErrors.dateSyntax("time", text);
        }
        final int h = Integer.parseInt(m.group(1));
        final int mi = Integer.parseInt(m.group(2));
        final int sec = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        final long micros = fractionMicros(m.group(4));
        if (h == 24 && mi == 0 && sec == 0 && micros == 0) {
            return LocalTime.MAX;
        }
        if (h > 23 || mi > 59 || sec > 60) {
            throw CodecErrors.dateRange(text);
        }
        final long total = ((h * 60L + mi) * 60 + sec) * 1_000_000L + micros;
        if (total >= 86_400_000_000L) {
            return total == 86_400_000_000L ? LocalTime.MAX : LocalTime.MAX;
        }
        return LocalTime.ofNanoOfDay(total * 1000);
    }

    /** Parses a timestamp; the offset, when present, is applied for timestamptz and ignored otherwise. */
    static Object parseTimestamp(final String text, final boolean withZone, final ZoneId zone) {
        final String typeName = withZone ? "timestamp with time zone" : "timestamp";
        final String s = text.strip();
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "infinity": return withZone ? OffsetDateTime.MAX : LocalDateTime.MAX;
            case "-infinity": return withZone ? OffsetDateTime.MIN : LocalDateTime.MIN;
            case "epoch":
                return withZone ? OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)
                        : LocalDateTime.of(1970, 1, 1, 0, 0);
            default: break;
        }
        final Matcher m = TIMESTAMP.matcher(s);
        if (!m.matches()) {
            throw CodecErrors.dateSyntax(typeName, text);
        }
        final boolean bc = m.group(9) != null && m.group(9).strip().equalsIgnoreCase("BC");
        final LocalDate date = date(m.group(1), m.group(2), m.group(3), bc, text);
        LocalDateTime local = date.atStartOfDay();
        if (m.group(4) != null) {
            final int h = Integer.parseInt(m.group(4));
            final int mi = Integer.parseInt(m.group(5));
            final int sec = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
            final long micros = fractionMicros(m.group(7));
            if (h > 24 || mi > 59 || sec > 60 || (h == 24 && (mi != 0 || sec != 0 || micros != 0))) {
                throw CodecErrors.dateRange(text);
            }
            local = local.plusNanos((((h * 60L + mi) * 60 + sec) * 1_000_000L + micros) * 1000);
        }
        if (local.getYear() > 294_276 || local.getYear() < -4712) {
            throw new io.stratum.compute.session.SqlException("22008", "timestamp out of range: \"" + text + "\"");
        }
        if (!withZone) {
            return local;
        }
        final String off = m.group(8);
        if (off == null) {
            return local.atZone(zone).toOffsetDateTime();
        }
        return local.atOffset(offset(off, text));
    }

    private static ZoneOffset offset(final String off, final String text) {
        if (off.equalsIgnoreCase("Z") || off.equalsIgnoreCase("UTC") || off.equalsIgnoreCase("GMT")) {
            return ZoneOffset.UTC;
        }
        final int sign = off.charAt(0) == '-' ? -1 : 1;
        final String digits = off.substring(1).replace(":", "");
        final int h;
        int mi = 0;
        int sec = 0;
        if (digits.length() <= 2) {
            h = Integer.parseInt(digits);
        } else {
            final int hl = digits.length() % 2 == 0 ? 2 : 1;
            h = Integer.parseInt(digits.substring(0, hl));
            mi = Integer.parseInt(digits.substring(hl, hl + 2));
            if (digits.length() > hl + 2) {
                sec = Integer.parseInt(digits.substring(hl + 2));
            }
        }
        if (h > 15 || mi > 59 || sec > 59) {
            throw new io.stratum.compute.session.SqlException("22009",
                    "time zone displacement out of range: \"" + text + "\"");
        }
        return ZoneOffset.ofTotalSeconds(sign * (h * 3600 + mi * 60 + sec));
    }

    /** ".1234567" to micros, rounded half up as PostgreSQL rounds input. */
    static long fractionMicros(final String fraction) {
        if (fraction == null || fraction.length() <= 1) {
            return 0;
        }
        long micros = 0;
        for (int i = 1; i <= 6; i++) {
            micros = micros * 10 + (i < fraction.length() ? fraction.charAt(i) - '0' : 0);
        }
        if (fraction.length() > 7 && fraction.charAt(7) >= '5') {
            micros++;
        }
        return micros;
    }

}
