package io.stratum.compute;

import io.stratum.raft.WalPeer;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Configuration of one {@link ComputeNode}.
 *
 * @param pageServerHost page service host, {@code pageServerPort} its port
 * @param walPeers the WAL service's nodes
 * @param tenant the tenant (database cluster) this compute serves
 * @param branches branch names to timelines
 * @param listenHost PostgreSQL listener address (default 127.0.0.1); any other address needs SCRAM
 * @param listenPort PostgreSQL port (default 55432; 0 picks a free one)
 * @param httpPort {@code /metrics} port on {@code listenHost} (default 9880; 0 picks a free one; -1 none)
 * @param bufferPoolBytes buffer pool size per open branch (default 128 MiB)
 * @param maxConnections connections accepted at once (default 100; past it 53300)
 * @param passwords user -> password for SCRAM-SHA-256; empty means trust (loopback only)
 * @param statementMemoryBytes memory a statement may use for sorts and hashes (default 64 MiB; past it 53200)
 * @param pageTimeout how long a page read may take before it fails (default 30 s)
 * @param token the token (scoped to {@code tenant}) presented to the page service and the WAL nodes when they
 *     have an auth key (default null: none)
 * @param maxIngestLagBytes how far, in WAL bytes, the compute may write ahead of what the page server has
 *     ingested before its WAL appends wait for ingest (backpressure; default 64 MiB, at least 1 MiB)
 */
public record ComputeConfig(String pageServerHost, int pageServerPort, List<WalPeer> walPeers, TenantId tenant,
                            BranchResolver branches, String listenHost, int listenPort, int httpPort,
                            long bufferPoolBytes, int maxConnections, Map<String, String> passwords,
                            long statementMemoryBytes, Duration pageTimeout, String token,
                            long maxIngestLagBytes) {

    public static Builder builder(final String pageServerHost, final int pageServerPort, final List<WalPeer> walPeers,
                                  final TenantId tenant, final BranchResolver branches) {
        return new Builder(pageServerHost, pageServerPort, walPeers, tenant, branches);
    }

    /** Builder; {@link #build()} validates and names the bad field. */
    public static final class Builder {
        private final String pageServerHost;
        private final int pageServerPort;
        private final List<WalPeer> walPeers;
        private final TenantId tenant;
        private final BranchResolver branches;
        private String listenHost = "127.0.0.1";
        private int listenPort = 55432;
        private int httpPort = 9880;
        private long bufferPoolBytes = 128L << 20;
        private int maxConnections = 100;
        private Map<String, String> passwords = Map.of();
        private long statementMemoryBytes = 64L << 20;
        private Duration pageTimeout = Duration.ofSeconds(30);
        private String token;
        private long maxIngestLagBytes = 64L << 20;

        private Builder(final String pageServerHost, final int pageServerPort, final List<WalPeer> walPeers,
                        final TenantId tenant, final BranchResolver branches) {
            this.pageServerHost = pageServerHost;
            this.pageServerPort = pageServerPort;
            this.walPeers = walPeers;
            this.tenant = tenant;
            this.branches = branches;
        }

        public Builder listen(final String host, final int port) { listenHost = host; listenPort = port; return this; }

        public Builder httpPort(final int v) { httpPort = v; return this; }

        public Builder bufferPoolBytes(final long v) { bufferPoolBytes = v; return this; }

        public Builder maxConnections(final int v) { maxConnections = v; return this; }

        public Builder passwords(final Map<String, String> v) { passwords = Map.copyOf(v); return this; }

        public Builder statementMemoryBytes(final long v) { statementMemoryBytes = v; return this; }

        public Builder pageTimeout(final Duration v) { pageTimeout = v; return this; }

        /** Token for a page server and WAL nodes with an auth key; null or empty: none. */
        public Builder token(final String v) { token = v == null || v.isEmpty() ? null : v; return this; }

        /** Backpressure: WAL bytes the compute may be ahead of the page server's ingest (at least 1 MiB). */
        public Builder maxIngestLagBytes(final long v) { maxIngestLagBytes = v; return this; }

        public ComputeConfig build() {
            if (pageServerHost == null || pageServerPort <= 0 || pageServerPort > 65535) {
                throw bad("pageServer", pageServerHost + ":" + pageServerPort);
            }
            if (walPeers == null || walPeers.isEmpty()) {
                throw bad("walPeers", walPeers);
            }
            if (tenant == null) {
                throw bad("tenant", null);
            }
            if (branches == null) {
                throw bad("branches", null);
            }
            if (listenHost == null || listenPort < 0 || listenPort > 65535) {
                throw bad("listen", listenHost + ":" + listenPort);
            }
            if (httpPort < -1 || httpPort > 65535) {
                throw bad("httpPort", httpPort);
            }
            if (bufferPoolBytes < (1L << 20)) {
                throw bad("bufferPoolBytes", bufferPoolBytes);
            }
            if (maxConnections < 1 || maxConnections > 10_000) {
                throw bad("maxConnections", maxConnections);
            }
            if (statementMemoryBytes < (1L << 20)) {
                throw bad("statementMemoryBytes", statementMemoryBytes);
            }
            if (pageTimeout == null || pageTimeout.isNegative() || pageTimeout.isZero()) {
                throw bad("pageTimeout", pageTimeout);
            }
            if (maxIngestLagBytes < (1L << 20)) {
                throw bad("maxIngestLagBytes", maxIngestLagBytes);
            }
            return new ComputeConfig(pageServerHost, pageServerPort, List.copyOf(walPeers), tenant, branches, listenHost,
                listenPort, httpPort, bufferPoolBytes, maxConnections, passwords, statementMemoryBytes, pageTimeout, token,
                maxIngestLagBytes);
        }

        private static StratumException bad(final String field, final Object value) {
            return StratumException.of(ErrorCode.INVALID_ARGUMENT, "bad compute configuration", "field", field,
                "value", value);
        }
    }
}
