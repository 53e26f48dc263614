package io.stratum.compute.pgwire;

import io.stratum.compute.session.Portal;
import io.stratum.compute.session.SqlException;
import java.io.IOException;
import java.util.Locale;

/** COPY FROM STDIN (CopyInResponse, CopyData..., CopyDone or CopyFail) and COPY TO STDOUT. */
final class CopyProtocol {
    private CopyProtocol() {
    }

    static void copyIn(final PgConnection conn, final Portal portal) throws IOException {
        final Portal.CopyIn sink = portal.copyIn();
        Messages.copyResponse(conn.out, 'G', portal.copyColumnCount());
        conn.out.flush();
        final PgInput in = conn.in;
        while (true) {
            final int type = in.next();
            switch (type) {
                case 'd':
                    sink.data(in.buffer(), in.position(), in.remaining());
                    break;
                case 'c':
                    Messages.commandComplete(conn.out, sink.done());
                    return;
                case 'f': {
                    final String message = in.cstring();
                    sink.fail(message);
                    throw new SqlException("57014", "COPY from stdin failed: " + message);
                }
                case 'H': case 'S':
                    break; // PostgreSQL ignores Flush and Sync during COPY IN
                case -1:
                    sink.fail("connection closed");
                    throw new java.io.EOFException("client disconnected during COPY");
                default:
                    sink.fail("unexpected message");
                    throw new SqlException("08P01", String.format(Locale.ROOT,
                            "unexpected message type 0x%02X during COPY from stdin", type));
            }
        }
    }

    static void copyOut(final PgConnection conn, final Portal portal) throws IOException {
        final PgOutput out = conn.out;
        Messages.copyResponse(out, 'H', portal.copyColumnCount());
        portal.copyOut(line -> {
            out.begin('d');
            out.bytes(line);
            try {
                out.end();
            } catch (final IOException e) {
                throw new ClientIoException(e);
            }
        });
        Messages.empty(out, 'c');
        Messages.commandComplete(out, portal.commandTag());
    }
}
