package io.stratum.mvcc;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;

/**
 * A transaction-level failure with PostgreSQL meaning. mvcc knows no SQL; the compute maps each
 * {@link Reason} to its SQLSTATE (given beside each constant).
 */
public final class MvccException extends StratumException {
    private static final long serialVersionUID = 1L;

    /** Why a transaction operation failed. */
    public enum Reason {
        /** 40001 could not serialize access due to concurrent update. */
        SERIALIZATION_FAILURE(ErrorCode.CONFLICT),
        /** 40P01 deadlock detected. */
        DEADLOCK_DETECTED(ErrorCode.CONFLICT),
        /** 55P03 could not obtain lock (NOWAIT, or the lock timeout ran out). */
        LOCK_NOT_AVAILABLE(ErrorCode.TIMEOUT),
        /** 23505 duplicate key value violates unique constraint. */
        UNIQUE_VIOLATION(ErrorCode.ALREADY_EXISTS),
        /** 25006 cannot execute a write in a read-only transaction. */
        READ_ONLY_TRANSACTION(ErrorCode.INVALID_ARGUMENT),
        /** 57014 the wait was cancelled ({@link Transaction#cancel()}). */
        CANCELED(ErrorCode.TIMEOUT),
        /**
         * The store's WAL writer failed: its pages may hold changes that never reach the WAL service, so it
         * serves no more statements and must be reopened (as PostgreSQL restarts after a failed WAL write).
         */
        STORE_FAILED(ErrorCode.FAILED);

        private final ErrorCode code;

        Reason(final ErrorCode code) {
            this.code = code;
        }

        public ErrorCode code() {
            return code;
        }
    }

    private final Reason reason;

    public MvccException(final Reason reason, final String message) {
        super(reason.code(), message);
        this.reason = reason;
    }

    /** {@code message [k=v, ...]} as {@link StratumException#of}. */
    public static MvccException of(final Reason reason, final String message, final Object... details) {
        return new MvccException(reason, format(message, details));
    }

    public Reason reason() {
        return reason;
    }
}
