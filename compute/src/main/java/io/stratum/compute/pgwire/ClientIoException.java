package io.stratum.compute.pgwire;

import java.io.IOException;

/**
 * Writing to the client failed (it went away) while the engine was calling back (rows, COPY lines,
 * notices). Unchecked so that it passes through the engine; told apart from the engine's own I/O errors,
 * which become XX000 for the client.
 */
final class ClientIoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ClientIoException(final IOException cause) {
        super(cause.getMessage(), cause, false, false);
    }
}
