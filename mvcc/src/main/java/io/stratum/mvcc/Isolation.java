package io.stratum.mvcc;

/** Transaction isolation levels, as PostgreSQL names them. */
public enum Isolation {
    /** A new snapshot for every statement ({@link Transaction#newStatement()}); the default. */
    READ_COMMITTED,
    /** One snapshot for the whole transaction; a write that meets a concurrent committed change fails with 40001. */
    REPEATABLE_READ,
    /**
     * Serializable. The implementation says in {@link MvccStore#serializableIsExact()} whether it is true
     * serializable snapshot isolation or runs as REPEATABLE READ (the compute then sends a NOTICE).
     */
    SERIALIZABLE
}
