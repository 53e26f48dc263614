package io.stratum.compute.pgwire;

/** A frontend broke the protocol (08P01): the connection gets a FATAL error and is closed. */
final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String sqlState;

    ProtocolException(final String message) {
        this("08P01", message);
    }

    ProtocolException(final String sqlState, final String message) {
        super(message, null, false, false);
        this.sqlState = sqlState;
    }

    String sqlState() {
        return sqlState;
    }
}
