package io.stratum.compute.exec;

import io.stratum.compute.session.SqlException;
import io.stratum.compute.types.Interval;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.Locale;

/**
 * to_char of timestamps, timestamptz (in the session TimeZone) and intervals, as PostgreSQL's formatting.c
 * prints them in the C locale. The picture is read left to right: at each position an optional FM (no padding)
 * or TM (names unpadded) prefix, then the longest keyword there (keywords are case-sensitive: {@code Month},
 * {@code MONTH}, {@code month}), then an optional TH/th (ordinal) or SP suffix; anything else is copied, a
 * double-quoted string without its quotes ({@code \"} inside is a quote). Names are padded to 9 characters
 * unless FM. Calendar keywords (names, D, TZ, BC ...) on an interval are 22007, as PostgreSQL.
 */
final class DateFormat {
    private static final String[] KEYWORDS = {
        "A.D.", "A.M.", "AD", "AM", "B.C.", "BC", "CC", "DAY", "DDD", "DD", "DY", "Day", "Dy", "D", "FF1", "FF2", "FF3",
        "FF4", "FF5", "FF6", "FX", "HH24", "HH12", "HH", "IDDD", "ID", "IW", "IYYY", "IYY", "IY", "I", "J", "MI", "MM",
        "MONTH", "MON", "MS", "Month", "Mon", "OF", "P.M.", "PM", "Q", "RM", "SSSSS", "SSSS", "SS", "TZH", "TZM", "TZ",
        "US", "WW", "W", "Y,YYY", "YYYY", "YYY", "YY", "Y", "a.d.", "a.m.", "ad", "am", "b.c.", "bc", "cc", "day", "ddd",
        "dd", "dy", "d", "ff1", "ff2", "ff3", "ff4", "ff5", "ff6", "fx", "hh24", "hh12", "hh", "iddd", "id", "iw", "iyyy",
        "iyy", "iy", "i", "j", "mi", "mm", "month", "mon", "ms", "of", "p.m.", "pm", "q", "rm", "sssss", "ssss", "ss",
        "tz", "us", "ww", "w", "y,yyy", "yyyy", "yyy", "yy", "y"};
    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"};
    private static final String[] DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    private static final String[] ROMAN = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};
    private static final DateTimeFormatter ZONE_NAME = DateTimeFormatter.ofPattern("zzz", Locale.ROOT);

    /** PostgreSQL's struct pg_tm of the value (years as PostgreSQL counts them: 0 is 1 BC). */
    private static final class Tm {
        int year;
        int mon;
        int mday;
        long hour;
        int min;
        int sec;
        int usec;
        int wday;
        int yday;
        int gmtoff;
        String tzn;
        LocalDate date;
        boolean interval;
    }

    private DateFormat() {
    }

    /** to_char(value, picture) of a timestamp, timestamptz, date (as timestamptz) or interval. */
    static String format(final Object value, final String picture, final ZoneId zone) {
        return format(tm(value, zone), picture);
    }

    private static Tm tm(final Object value, final ZoneId zone) {
        final Tm tm = new Tm();
        if (value instanceof Interval) {
            final Interval v = (Interval) value;
            tm.interval = true;
            tm.year = v.months() / 12;
            tm.mon = v.months() % 12;
            tm.mday = v.days();
            final long t = v.micros();
            tm.hour = t / Interval.MICROS_PER_HOUR;
            tm.min = (int) (t / 60_000_000L % 60);
            tm.sec = (int) (t / 1_000_000L % 60);
            tm.usec = (int) (t % 1_000_000L);
            tm.yday = (tm.year * 12 + tm.mon) * 30 + tm.mday;
            return tm;
        }
        final LocalDateTime t;
        if (value instanceof OffsetDateTime || value instanceof LocalDate) {
            final ZonedDateTime z = value instanceof LocalDate ? ((LocalDate) value).atStartOfDay(zone)
                : ((OffsetDateTime) value).atZoneSameInstant(zone);
            t = z.toLocalDateTime();
            tm.gmtoff = z.getOffset().getTotalSeconds();
            tm.tzn = ZONE_NAME.format(z);
        } else {
            t = (LocalDateTime) value;
        }
        tm.date = t.toLocalDate();
        tm.year = t.getYear();
        tm.mon = t.getMonthValue();
        tm.mday = t.getDayOfMonth();
        tm.hour = t.getHour();
        tm.min = t.getMinute();
        tm.sec = t.getSecond();
        tm.usec = t.getNano() / 1000;
        tm.wday = t.getDayOfWeek().getValue() % 7;
        tm.yday = t.getDayOfYear();
        return tm;
    }

    private static String format(final Tm tm, final String f) {
        final StringBuilder out = new StringBuilder(f.length() + 16);
        int i = 0;
        while (i < f.length()) {
            boolean fm = false;
            boolean tmPrefix = false;
            if (f.startsWith("FM", i) || f.startsWith("fm", i)) {
                fm = true;
                i += 2;
            } else if (f.startsWith("TM", i) || f.startsWith("tm", i)) {
                tmPrefix = true;
                i += 2;
            }
            final String key = i < f.length() ? keyword(f, i) : null;
            if (key != null) {
                i += key.length();
                int th = 0;
                if (f.startsWith("TH", i)) {
                    th = 1;
                    i += 2;
                } else if (f.startsWith("th", i)) {
                    th = 2;
                    i += 2;
                } else if (f.startsWith("SP", i) || f.startsWith("sp", i)) {
                    i += 2;
                }
                field(out, tm, key, fm, tmPrefix, th);
            } else if (i < f.length()) {
                final char c = f.charAt(i);
                if (c == '"') {
                    i++;
                    while (i < f.length()) {
                        char q = f.charAt(i++);
                        if (q == '"') {
                            break;
                        }
                        if (q == '\\' && i < f.length()) {
                            q = f.charAt(i++);
                        }
                        out.append(q);
                    }
                } else {
                    if (c == '\\' && i + 1 < f.length() && f.charAt(i + 1) == '"') {
                        i++;
                    }
                    out.append(f.charAt(i++));
                }
            }
        }
        return out.toString();
    }

    private static String keyword(final String f, final int at) {
        String best = null;
        for (final String k : KEYWORDS) {
            if (f.startsWith(k, at) && (best == null || k.length() > best.length())) {
                best = k;
            }
        }
        return best;
    }

    private static void field(final StringBuilder out, final Tm tm, final String key, final boolean fm,
                              final boolean tmPrefix, final int th) {
        final int start = out.length();
        final String upper = key.toUpperCase(Locale.ROOT);
        switch (upper) {
            case "A.M.": case "P.M.": case "AM": case "PM": {
                final boolean pm = tm.hour % 24 >= 12;
                final String s = upper.length() == 2 ? (pm ? "PM" : "AM") : (pm ? "P.M." : "A.M.");
                out.append(Character.isLowerCase(key.charAt(0)) ? s.toLowerCase(Locale.ROOT) : s);
                return;
            }
            case "HH": case "HH12":
                out.append(pad(tm.hour % 12 == 0 ? 12 : tm.hour % 12, fm ? 0 : tm.hour >= 0 ? 2 : 3));
                break;
            case "HH24": out.append(pad(tm.hour, fm ? 0 : tm.hour >= 0 ? 2 : 3)); break;
            case "MI": out.append(pad(tm.min, fm ? 0 : tm.min >= 0 ? 2 : 3)); break;
            case "SS": out.append(pad(tm.sec, fm ? 0 : tm.sec >= 0 ? 2 : 3)); break;
            case "FF1": out.append(pad(tm.usec / 100000, 1)); break;
            case "FF2": out.append(pad(tm.usec / 10000, 2)); break;
            case "FF3": case "MS": out.append(pad(tm.usec / 1000, 3)); break;
            case "FF4": out.append(pad(tm.usec / 100, 4)); break;
            case "FF5": out.append(pad(tm.usec / 10, 5)); break;
            case "FF6": case "US": out.append(pad(tm.usec, 6)); break;
            case "SSSS": case "SSSSS": out.append(tm.hour * 3600 + tm.min * 60L + tm.sec); break;
            case "TZ":
                calendarOnly(tm);
                if (tm.tzn != null) {
                    out.append(key.equals("tz") ? tm.tzn.toLowerCase(Locale.ROOT) : tm.tzn);
                }
                return;
            case "TZH":
                calendarOnly(tm);
                out.append(tm.gmtoff >= 0 ? '+' : '-').append(pad(Math.abs(tm.gmtoff) / 3600, 2));
                return;
            case "TZM":
                calendarOnly(tm);
                out.append(pad(Math.abs(tm.gmtoff) % 3600 / 60, 2));
                return;
            case "OF":
                calendarOnly(tm);
                out.append(tm.gmtoff >= 0 ? '+' : '-').append(pad(Math.abs(tm.gmtoff) / 3600, fm ? 0 : 2));
                if (Math.abs(tm.gmtoff) % 3600 != 0) {
                    out.append(':').append(pad(Math.abs(tm.gmtoff) % 3600 / 60, 2));
                }
                return;
            case "A.D.": case "B.C.": case "AD": case "BC": {
                calendarOnly(tm);
                final String s = upper.length() == 2 ? (tm.year <= 0 ? "BC" : "AD") : (tm.year <= 0 ? "B.C." : "A.D.");
                out.append(Character.isLowerCase(key.charAt(0)) ? s.toLowerCase(Locale.ROOT) : s);
                return;
            }
            case "MONTH": case "MON":
                calendarOnly(tm);
                if (tm.mon != 0) {
                    final String name = MONTHS[tm.mon - 1];
                    name(out, upper.equals("MON") ? name.substring(0, 3) : name, key, fm || tmPrefix || upper.equals("MON"));
                }
                return;
            case "DAY": case "DY": {
                calendarOnly(tm);
                final String name = DAYS[tm.wday];
                name(out, upper.equals("DY") ? name.substring(0, 3) : name, key, fm || tmPrefix || upper.equals("DY"));
                return;
            }
            case "MM": out.append(pad(tm.mon, fm ? 0 : tm.mon >= 0 ? 2 : 3)); break;
            case "DDD": out.append(pad(tm.yday, fm ? 0 : 3)); break;
            case "IDDD": out.append(pad(isoDayOfYear(tm), fm ? 0 : 3)); break;
            case "DD": out.append(pad(tm.mday, fm ? 0 : 2)); break;
            case "D": calendarOnly(tm); out.append(tm.wday + 1); break;
            case "ID": calendarOnly(tm); out.append(tm.wday == 0 ? 7 : tm.wday); break;
            case "WW": out.append(pad((tm.yday - 1) / 7 + 1, fm ? 0 : 2)); break;
            case "IW": out.append(pad(isoWeek(tm), fm ? 0 : 2)); break;
            case "Q":
                if (tm.mon == 0) {
                    return;
                }
                out.append((tm.mon - 1) / 3 + 1);
                break;
            case "CC": {
                final int c = tm.interval ? tm.year / 100 : tm.year > 0 ? (tm.year - 1) / 100 + 1 : tm.year / 100 - 1;
                out.append(c <= 99 && c >= -99 ? pad(c, fm ? 0 : c >= 0 ? 2 : 3) : Integer.toString(c));
                break;
            }
            case "Y,YYY": {
                final int y = adjustYear(tm.year, tm.interval);
                out.append(y / 1000).append(',').append(pad(y - y / 1000 * 1000, 3));
                break;
            }
            case "YYYY": case "IYYY": {
                final int y = adjustYear(upper.equals("YYYY") ? tm.year : isoYear(tm), tm.interval);
                out.append(pad(y, fm ? 0 : y >= 0 ? 4 : 5));
                break;
            }
            case "YYY": case "IYY": {
                final int y = adjustYear(upper.equals("YYY") ? tm.year : isoYear(tm), tm.interval);
                out.append(pad(y % 1000, fm ? 0 : y >= 0 ? 3 : 4));
                break;
            }
            case "YY": case "IY": {
                final int y = adjustYear(upper.equals("YY") ? tm.year : isoYear(tm), tm.interval);
                out.append(pad(y % 100, fm ? 0 : y >= 0 ? 2 : 3));
                break;
            }
            case "Y": case "I":
                out.append(adjustYear(upper.equals("Y") ? tm.year : isoYear(tm), tm.interval) % 10);
                break;
            case "RM":
                if (tm.mon == 0 && tm.year == 0) {
                    return;
                }
                roman(out, tm, key.equals("rm"), fm);
                return;
            case "W": out.append((tm.mday - 1) / 7 + 1); break;
            case "J": out.append(julian(tm)); break;
            default: return; // FX
        }
        if (th != 0) {
            out.append(NumberFormat.ordinal(out.substring(start), th == 1));
        }
    }

    private static void name(final StringBuilder out, final String name, final String key, final boolean unpadded) {
        final String s = Character.isLowerCase(key.charAt(0)) ? name.toLowerCase(Locale.ROOT)
            : Character.isLowerCase(key.charAt(1)) ? name : name.toUpperCase(Locale.ROOT);
        out.append(s);
        for (int i = s.length(); !unpadded && i < 9; i++) {
            out.append(' ');
        }
    }

    private static void roman(final StringBuilder out, final Tm tm, final boolean lower, final boolean fm) {
        // months 1..12; an interval of whole negative years reads as December, negative months count back
        final int m = tm.mon == 0 ? (tm.year >= 0 ? 12 : 1) : tm.mon < 0 ? 13 + tm.mon : tm.mon;
        final String r = lower ? ROMAN[m - 1].toLowerCase(Locale.ROOT) : ROMAN[m - 1];
        out.append(r);
        for (int i = r.length(); !fm && i < 4; i++) {
            out.append(' ');
        }
    }

    private static void calendarOnly(final Tm tm) {
        if (tm.interval) {
            throw new SqlException("22007", "invalid format specification for an interval value", null,
                "Intervals are not tied to specific calendar dates.", 0, null);
        }
    }

    private static int adjustYear(final int year, final boolean interval) {
        return interval ? year : year <= 0 ? -(year - 1) : year;
    }

    private static LocalDate date(final Tm tm) {
        // an interval's fields read as a date, as date2j reads them
        return tm.date != null ? tm.date : LocalDate.of(tm.year, 1, 1).plusMonths(tm.mon - 1L).plusDays(tm.mday - 1L);
    }

    private static int isoYear(final Tm tm) {
        return date(tm).get(IsoFields.WEEK_BASED_YEAR);
    }

    private static int isoWeek(final Tm tm) {
        return date(tm).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }

    private static int isoDayOfYear(final Tm tm) {
        final LocalDate d = date(tm);
        return (d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) - 1) * 7 + d.getDayOfWeek().getValue();
    }

    private static long julian(final Tm tm) {
        return date(tm).toEpochDay() + 2_440_588L;
    }

    /** {@code %0*d}: at least {@code width} characters, zero-padded after the sign; width 0 is unpadded. */
    static String pad(final long v, final int width) {
        final String s = Long.toString(Math.abs(v));
        final StringBuilder sb = new StringBuilder(Math.max(width, s.length() + 1));
        if (v < 0) {
            sb.append('-');
        }
        for (int i = s.length() + (v < 0 ? 1 : 0); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s).toString();
    }
}
