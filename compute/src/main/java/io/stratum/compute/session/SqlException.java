package io.stratum.compute.session;

/**
 * An error as the client sees it: severity, SQLSTATE, message and the optional fields of PostgreSQL's
 * ErrorResponse. The wire protocol sends it field by field; nothing is string-encoded.
 */
public class SqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String sqlState;
    private final String severity;
    private final String detail;
    private final String hint;
    private final int position;

    public SqlException(final String sqlState, final String message) {
        this(sqlState, message, null, null, 0, null);
    }

    public SqlException(final String sqlState, final String message, final String detail, final String hint,
                        final int position, final Throwable cause) {
        this("ERROR", sqlState, message, detail, hint, position, cause);
    }

    public SqlException(final String severity, final String sqlState, final String message, final String detail,
                        final String hint, final int position, final Throwable cause) {
        super(message, cause);
        this.severity = severity;
        this.sqlState = sqlState;
        this.detail = detail;
        this.hint = hint;
        this.position = position;
    }

    /** Five-character SQLSTATE, e.g. {@code 42P01}. */
    public String sqlState() {
        return sqlState;
    }

    /** ERROR, FATAL or PANIC. */
    public String severity() {
        return severity;
    }

    public String detail() {
        return detail;
    }

    public String hint() {
        return hint;
    }

    /** 1-based character position in the query text, 0 when none. */
    public int position() {
        return position;
    }
}
