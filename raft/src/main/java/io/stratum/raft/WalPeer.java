package io.stratum.raft;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.util.ArrayList;
import java.util.List;

/**
 * A WAL node as its peers and clients know it: a positive id and the host and port of its Raft endpoint
 * (which also serves clients). Written {@code ID=HOST:PORT}; a list is comma-separated.
 */
public record WalPeer(int id, String host, int port) {

    public WalPeer {
        if (id <= 0) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "WAL node id must be positive", "id", id);
        }
        if (host == null || host.isBlank()) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "WAL node host is missing", "id", id);
        }
        if (port <= 0 || port > 65535) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "WAL node port out of range", "id", id, "port", port);
        }
    }

    /** Parses {@code ID=HOST:PORT}. */
    public static WalPeer parse(final String text) {
        final String s = text == null ? "" : text.trim();
        final int eq = s.indexOf('=');
        final int colon = s.lastIndexOf(':');
        if (eq <= 0 || colon <= eq + 1 || colon == s.length() - 1) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "invalid WAL peer, expected ID=HOST:PORT", "peer", text);
        }
        try {
            return new WalPeer(Integer.parseInt(s.substring(0, eq)), s.substring(eq + 1, colon),
                Integer.parseInt(s.substring(colon + 1)));
        } catch (final NumberFormatException e) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "invalid WAL peer, expected ID=HOST:PORT", "peer", text);
        }
    }

    /** Parses {@code 1=HOST:PORT,2=HOST:PORT,...}; ids must be distinct. */
    public static List<WalPeer> parseList(final String text) {
        final List<WalPeer> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "no WAL peers given");
        }
        for (final String part : text.split(",")) {
            final WalPeer p = parse(part);
            for (final WalPeer q : out) {
                if (q.id == p.id) {
                    throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "duplicate WAL peer id", "id", p.id);
                }
            }
            out.add(p);
        }
        return List.copyOf(out);
    }

    /** {@code HOST:PORT}. */
    public String address() {
        return host + ':' + port;
    }

    @Override
    public String toString() {
        return id + "=" + address();
    }
}
