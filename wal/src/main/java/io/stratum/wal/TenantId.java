package io.stratum.wal;

/** An isolated database: 128 bits, printed as 32 lower-case hex digits. */
public record TenantId(long hi, long lo) implements Comparable<TenantId> {

    public static TenantId parse(final String hex) {
        final long[] v = Id128.parse("tenant", hex);
        return new TenantId(v[0], v[1]);
    }

    public static TenantId random() {
        return new TenantId(Id128.randomLong(), Id128.randomLong());
    }

    @Override
    public int compareTo(final TenantId o) {
        final int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    @Override
    public String toString() {
        return Id128.format(hi, lo);
    }
}
