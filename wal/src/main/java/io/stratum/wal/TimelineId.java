package io.stratum.wal;

/** A linear WAL history: 128 bits, printed as 32 lower-case hex digits. */
public record TimelineId(long hi, long lo) implements Comparable<TimelineId> {

    public static TimelineId parse(final String hex) {
        final long[] v = Id128.parse("timeline", hex);
        return new TimelineId(v[0], v[1]);
    }

    public static TimelineId random() {
        return new TimelineId(Id128.randomLong(), Id128.randomLong());
    }

    @Override
    public int compareTo(final TimelineId o) {
        final int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    @Override
    public String toString() {
        return Id128.format(hi, lo);
    }
}
