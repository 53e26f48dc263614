package io.stratum.mvcc.pool;

import java.lang.reflect.Field;

/**
 * The one {@code sun.misc.Unsafe} of mvcc, for its two raw-memory paths: the buffer pool's off-heap frames
 * ({@link PoolMemory}) and the B-tree's slot-head search, whose callers check bounds once per page. Internal:
 * not part of mvcc's API.
 */
public final class RawMemory {
    public static final sun.misc.Unsafe UNSAFE = unsafe();

    private RawMemory() {
    }

    private static sun.misc.Unsafe unsafe() {
        try {
            final Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
