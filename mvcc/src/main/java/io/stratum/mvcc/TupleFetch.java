package io.stratum.mvcc;

/**
 * A reusable holder for {@link HeapTable#fetch}: it keeps the fetched tuple's page pinned until the next
 * fetch or {@link #close()}, and exposes it as a {@link TupleView}. One per cursor; no allocation per row.
 */
public interface TupleFetch extends TupleView, AutoCloseable {
    @Override
    void close();
}
