package io.stratum.examples.kvstore;

import io.stratum.raft.WalPeer;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.nio.file.Path;
import java.util.List;

/**
 * Configuration of a {@link KvStore}. Build with {@link #builder(Path)}; {@link #validate()} names the bad
 * field.
 *
 * @param dir where the engine's layer files, the store's branch list and (with a local WAL) the WAL live
 * @param walPeers the Raft WAL service's nodes; empty for a local, unreplicated WAL (default)
 * @param buckets pages the keys hash into (default 64; fixed once the store exists)
 * @param engineMemoryBytes the engine's in-memory layer size per branch (default 4 MiB)
 */
public record KvStoreConfig(Path dir, List<WalPeer> walPeers, int buckets, long engineMemoryBytes) {

    public static Builder builder(final Path dir) {
        return new Builder(dir);
    }

    /** Checks every field; returns this. Throws INVALID_ARGUMENT naming the bad field. */
    public KvStoreConfig validate() {
        check(dir != null, "dir", dir);
        check(walPeers != null && (walPeers.isEmpty() || walPeers.size() >= 3), "walPeers", walPeers);
        check(buckets >= 1 && buckets <= 1 << 20, "buckets", buckets);
        check(engineMemoryBytes >= 64 << 10 && engineMemoryBytes <= 1L << 30, "engineMemoryBytes", engineMemoryBytes);
        return this;
    }

    private static void check(final boolean ok, final String field, final Object value) {
        if (!ok) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "invalid key-value store config: " + field,
                field, value);
        }
    }

    /** Builder with defaults. */
    public static final class Builder {
        private final Path dir;
        private List<WalPeer> walPeers = List.of();
        private int buckets = 64;
        private long engineMemoryBytes = 4 << 20;

        private Builder(final Path dir) {
            this.dir = dir;
        }

        /** Use the Raft WAL service at these nodes (three or more). */
        public Builder walPeers(final List<WalPeer> v) {
            walPeers = v == null ? null : List.copyOf(v);
            return this;
        }

        public Builder buckets(final int v) {
            buckets = v;
            return this;
        }

        public Builder engineMemoryBytes(final long v) {
            engineMemoryBytes = v;
            return this;
        }

        public KvStoreConfig build() {
            return new KvStoreConfig(dir, walPeers, buckets, engineMemoryBytes).validate();
        }
    }
}
