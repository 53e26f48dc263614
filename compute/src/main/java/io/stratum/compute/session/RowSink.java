package io.stratum.compute.session;

/** Receives result rows. Values are the Java forms listed in {@link io.stratum.compute.types.PgType}. */
@FunctionalInterface
public interface RowSink {
    /** One row; the array may be reused by the caller after return. */
    void row(Object[] values);
}
