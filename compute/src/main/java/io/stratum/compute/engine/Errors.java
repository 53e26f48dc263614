package io.stratum.compute.engine;

import io.stratum.compute.session.SqlException;
import io.stratum.mvcc.MvccException;
import io.stratum.wal.StratumException;

/** Maps failures to the SQLSTATEs PostgreSQL uses. */
final class Errors {
    private Errors() {
    }

    static SqlException map(final Throwable t, final boolean timedOut) {
        if (t instanceof SqlException) {
            return (SqlException) t;
        }
        if (t instanceof MvccException) {
            final MvccException m = (MvccException) t;
            switch (m.reason()) {
                case SERIALIZATION_FAILURE:
                    return new SqlException("40001", "could not serialize access due to concurrent update", null, null, 0, t);
                case DEADLOCK_DETECTED:
                    return new SqlException("40P01", "deadlock detected", strip(m.getMessage()), null, 0, t);
                case LOCK_NOT_AVAILABLE:
                    if (timedOut) {
                        return new SqlException("57014", "canceling statement due to statement timeout", null, null, 0, t);
                    }
                    return new SqlException("55P03", "could not obtain lock on row", strip(m.getMessage()), null, 0, t);
                case UNIQUE_VIOLATION:
                    return new SqlException("23505", "duplicate key value violates unique constraint", strip(m.getMessage()),
                        null, 0, t);
                case READ_ONLY_TRANSACTION:
                    return new SqlException("25006", "cannot execute a write in a read-only transaction", null, null, 0, t);
                case CANCELED:
                    return new SqlException("57014", timedOut ? "canceling statement due to statement timeout"
                        : "canceling statement due to user request", null, null, 0, t);
                case STORE_FAILED: // as PostgreSQL ends every session after a failed WAL write
                    return new SqlException("FATAL", "57P02",
                        "terminating connection because the branch's WAL writer failed", strip(m.getMessage()),
                        "Reconnect: the branch is reopened from what the WAL service holds.", 0, t);
                default:
                    break;
            }
        }
        if (t instanceof StratumException) {
            final StratumException s = (StratumException) t;
            switch (s.code()) {
                case LIMIT_EXCEEDED:
                    return new SqlException("53200", "out of memory", s.getMessage(), null, 0, t);
                case TIMEOUT:
                    return new SqlException("57014", "canceling statement due to statement timeout", s.getMessage(), null, 0, t);
                case UNAVAILABLE:
                case FAILED:
                case FENCED:
                case IO_ERROR:
                    return new SqlException("58030", "could not write to the WAL service: " + s.getMessage(), null, null, 0, t);
                case UNAUTHENTICATED:
                case PERMISSION_DENIED: // the compute's token (--token) was refused by the page server or WAL nodes
                    return new SqlException("28000", "storage refused the compute's token: " + s.getMessage(), null,
                        null, 0, t);
                default:
                    return new SqlException("XX000", s.getMessage(), null, null, 0, t);
            }
        }
        if (t instanceof OutOfMemoryError) {
            return new SqlException("53200", "out of memory", null, null, 0, t);
        }
        if (t instanceof StackOverflowError) {
            return new SqlException("54001", "stack depth limit exceeded", null,
                "Increase the configuration parameter \"max_stack_depth\".", 0, t);
        }
        if (t instanceof ArithmeticException) {
            return new SqlException("22003", "value out of range: " + t.getMessage(), null, null, 0, t);
        }
        return new SqlException("XX000", "internal error: " + t, null, null, 0, t);
    }

    private static String strip(final String m) {
        return m;
    }
}
