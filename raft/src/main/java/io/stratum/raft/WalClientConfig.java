package io.stratum.raft;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.auth.TokenSource;
import java.time.Duration;
import java.util.List;

/**
 * Configuration of a {@link WalClient}. Build with {@link #builder(List)}; {@link WalClient#connect}
 * validates it.
 *
 * @param peers the WAL nodes (at least one reachable one is needed; Ratis learns the leader itself)
 * @param transport must match the nodes' (default Netty)
 * @param requestTimeout one RPC attempt (default 5 s; must exceed {@code pollWait})
 * @param appendTimeout how long an append, acquire or create may take, retries included (default 15 s)
 * @param pollWait how long a node holds a stream's read open waiting for new WAL (default 1 s)
 * @param maxAppendBytes largest append the client sends (default 1 MiB; the nodes' limit must be as large)
 * @param readBytes bytes a stream asks for per read (default 1 MiB)
 * @param memberRefresh how often the client re-reads the groups' members from a node it knows, so that it
 *     follows membership changes made by other clients (default 10 s)
 * @param tokens the token sent with each request, for WAL nodes with an auth key (default none)
 */
public record WalClientConfig(List<WalPeer> peers, Transport transport, Duration requestTimeout,
                              Duration appendTimeout, Duration pollWait, int maxAppendBytes, int readBytes,
                              Duration memberRefresh, TokenSource tokens) {

    public static Builder builder(final List<WalPeer> peers) {
        return new Builder(peers);
    }

    /** Checks every field; returns this. Throws INVALID_ARGUMENT naming the bad field. */
    public WalClientConfig validate() {
        if (peers == null || peers.isEmpty()) {
            throw bad("peers", peers, "must name at least one WAL node");
        }
        if (transport == null) {
            throw bad("transport", null, "is required");
        }
        if (pollWait == null || pollWait.isNegative() || pollWait.toMillis() > 10_000) {
            throw bad("pollWait", pollWait, "must be between 0 and 10 s");
        }
        if (requestTimeout == null || requestTimeout.compareTo(pollWait.plusMillis(500)) < 0) {
            throw bad("requestTimeout", requestTimeout, "must exceed pollWait by at least 500 ms");
        }
        if (appendTimeout == null || appendTimeout.toMillis() < 100) {
            throw bad("appendTimeout", appendTimeout, "must be at least 100 ms");
        }
        if (maxAppendBytes < 20 || maxAppendBytes > (16 << 20)) {
            throw bad("maxAppendBytes", maxAppendBytes, "must be between 20 bytes and 16 MiB");
        }
        if (readBytes < 4096 || readBytes > (16 << 20)) {
            throw bad("readBytes", readBytes, "must be between 4 KiB and 16 MiB");
        }
        if (memberRefresh == null || memberRefresh.toMillis() < 10) {
            throw bad("memberRefresh", memberRefresh, "must be at least 10 ms");
        }
        if (tokens == null) {
            throw bad("tokens", null, "is required (TokenSource.NONE for none)");
        }
        return this;
    }

    private static StratumException bad(final String field, final Object value, final String why) {
        return StratumException.of(ErrorCode.INVALID_ARGUMENT, "invalid WAL client config: " + field + " " + why,
            field, value);
    }

    /** Builder with defaults. */
    public static final class Builder {
        private final List<WalPeer> peers;
        private Transport transport = Transport.NETTY;
        private Duration requestTimeout = Duration.ofSeconds(5);
        private Duration appendTimeout = Duration.ofSeconds(15);
        private Duration pollWait = Duration.ofSeconds(1);
        private int maxAppendBytes = 1 << 20;
        private int readBytes = 1 << 20;
        private Duration memberRefresh = Duration.ofSeconds(10);
        private TokenSource tokens = TokenSource.NONE;

        private Builder(final List<WalPeer> peers) {
            this.peers = peers == null ? null : List.copyOf(peers);
        }

        public Builder transport(final Transport v) {
            transport = v;
            return this;
        }

        public Builder requestTimeout(final Duration v) {
            requestTimeout = v;
            return this;
        }

        public Builder appendTimeout(final Duration v) {
            appendTimeout = v;
            return this;
        }

        public Builder pollWait(final Duration v) {
            pollWait = v;
            return this;
        }

        public Builder maxAppendBytes(final int v) {
            maxAppendBytes = v;
            return this;
        }

        public Builder readBytes(final int v) {
            readBytes = v;
            return this;
        }

        public Builder memberRefresh(final Duration v) {
            memberRefresh = v;
            return this;
        }

        /** One token for every request (null or empty: none). */
        public Builder token(final String v) {
            tokens = TokenSource.fixed(v);
            return this;
        }

        /** Where each request's token comes from (e.g. {@link TokenSource#minting} for a daemon holding the key). */
        public Builder tokens(final TokenSource v) {
            tokens = v;
            return this;
        }

        public WalClientConfig build() {
            return new WalClientConfig(peers, transport, requestTimeout, appendTimeout, pollWait, maxAppendBytes,
                readBytes, memberRefresh, tokens).validate();
        }
    }
}
