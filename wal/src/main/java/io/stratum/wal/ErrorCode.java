package io.stratum.wal;

/**
 * Error categories shared by every Stratum module. At the SQL edge each maps to a SQLSTATE; in the
 * command line each maps to an exit code.
 */
public enum ErrorCode {
    /** A caller passed a value that can never be valid (bad LSN, bad id, bad size). */
    INVALID_ARGUMENT(2),
    /** A named thing (tenant, timeline, file, record) does not exist. */
    NOT_FOUND(3),
    /** A named thing already exists. */
    ALREADY_EXISTS(4),
    /** Bytes on disk or on the wire failed a checksum or structural check. */
    CORRUPT(5),
    /** The operating system refused an I/O operation (full disk, failed fsync, ...). */
    IO_ERROR(6),
    /** A component failed earlier and refuses further use until it is reopened. */
    FAILED(7),
    /** A configured limit (record size, memory, connections) would be exceeded. */
    LIMIT_EXCEEDED(8),
    /** An LSN or time outside the range that can be served. */
    OUT_OF_RANGE(9),
    /** A wait ran out of time. */
    TIMEOUT(10),
    /** A writer whose epoch is older than the current one. */
    FENCED(11),
    /** Another party changed the state first (wrong LSN, concurrent update). */
    CONFLICT(12),
    /** The component or a quorum of it cannot be reached now; retrying later may succeed. */
    UNAVAILABLE(13),
    /** The component was closed. */
    CLOSED(14),
    /** A bug: an invariant of our own does not hold. */
    INTERNAL(70),
    /** The caller presented no token, or one that is malformed, wrongly signed or expired (HTTP 401). */
    UNAUTHENTICATED(15),
    /** The caller's token is valid but its scope does not cover what it asked for (HTTP 403). */
    PERMISSION_DENIED(16);

    private final int exitCode;

    ErrorCode(final int exitCode) {
        this.exitCode = exitCode;
    }

    /** The process exit code the command line uses for this error. */
    public int exitCode() {
        return exitCode;
    }
}
