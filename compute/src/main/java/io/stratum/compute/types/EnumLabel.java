package io.stratum.compute.types;

/**
 * One value of an enum type (a pg_enum row): the Java form of enum values. Instances are made once per
 * label by {@link EnumType}; rows hold the label's OID and decode to the shared instance. Values order by
 * their sort order (as PostgreSQL's enum comparisons), equal by OID. Immutable.
 */
public final class EnumLabel implements Comparable<EnumLabel> {
    private final int typeOid;
    private final int oid;
    private final float sortOrder;
    private final String label;

    EnumLabel(final int typeOid, final int oid, final float sortOrder, final String label) {
        this.typeOid = typeOid;
        this.oid = oid;
        this.sortOrder = sortOrder;
        this.label = label;
    }

    /** enumtypid. */
    public int typeOid() {
        return typeOid;
    }

    /** The pg_enum row's OID (what rows store). */
    public int oid() {
        return oid;
    }

    /** enumsortorder. */
    public float sortOrder() {
        return sortOrder;
    }

    /** enumlabel. */
    public String label() {
        return label;
    }

    @Override
    public int compareTo(final EnumLabel o) {
        return Float.compare(sortOrder, o.sortOrder);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof EnumLabel && ((EnumLabel) o).oid == oid;
    }

    @Override
    public int hashCode() {
        return oid;
    }

    @Override
    public String toString() {
        return label;
    }
}
