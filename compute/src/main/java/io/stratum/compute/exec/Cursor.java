package io.stratum.compute.exec;

/** An open iterator over a plan node's rows (Volcano style). Not thread-safe. */
public interface Cursor extends AutoCloseable {
    /** The next row, or null at the end. The array belongs to the caller from then on. */
    Object[] next();

    @Override
    void close();
}
