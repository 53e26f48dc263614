package io.stratum.compute.types;

/**
 * Interval text output in IntervalStyle postgres, as PostgreSQL's EncodeInterval prints it: years and months
 * from the month field ({@code 1 year 2 mons}), the day field ({@code 3 days}), then the time field as
 * {@code [-]hh:mm:ss[.ffffff]}. A unit is plural unless its value is 1 ({@code -1 days}); a positive part after
 * a negative one carries a {@code +} ({@code -1 days +02:00:00}); the zero interval is {@code 00:00:00}.
 * Input is {@link IntervalParser}.
 */
final class IntervalText {
    private IntervalText() {
    }

    static String format(final Interval v) {
        final StringBuilder sb = new StringBuilder(32);
        final int years = v.months() / 12;
        final int mons = v.months() % 12;
        // [0] is_zero (nothing printed yet), [1] is_before (the last part printed was negative)
        final boolean[] state = {true, false};
        part(sb, years, "year", state);
        part(sb, mons, "mon", state);
        part(sb, v.days(), "day", state);
        final long time = v.micros();
        if (state[0] || time != 0) {
            final long hours = time / Interval.MICROS_PER_HOUR;
            final long rest = time - hours * Interval.MICROS_PER_HOUR;
            final int minutes = (int) (rest / 60_000_000L);
            final int seconds = (int) (rest / 1_000_000L % 60);
            final int micros = (int) (rest % 1_000_000L);
            if (!state[0]) {
                sb.append(' ');
            }
            if (time < 0) {
                sb.append('-');
            } else if (state[1]) {
                sb.append('+');
            }
            DateTimeText.appendTime(sb, Math.abs(hours), Math.abs(minutes), Math.abs(seconds), Math.abs(micros));
        }
        return sb.toString();
    }

    private static void part(final StringBuilder sb, final int value, final String unit, final boolean[] state) {
        if (value == 0) {
            return;
        }
        if (!state[0]) {
            sb.append(' ');
        }
        if (state[1] && value > 0) {
            sb.append('+');
        }
        sb.append(value).append(' ').append(unit);
        if (value != 1) {
            sb.append('s');
        }
        state[1] = value < 0;
        state[0] = false;
    }

    static Interval parse(final String text) {
        return IntervalParser.parse(text);
    }
}
