package io.stratum.compute.types;

/**
 * A regclass / regtype / regproc result as it leaves the server: the OID (its binary form, int4) and the name its
 * output function printed (its text form), looked up in the catalog of the statement's snapshot.
 */
public record RegName(long oid, String name) {
    @Override
    public String toString() {
        return name;
    }
}
