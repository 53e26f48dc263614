package io.stratum.compute.engine;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;

/**
 * Configuration of the {@link SqlEngine}.
 *
 * @param maxStatementMemory bytes a statement may hold in sorts, hashes and buffered results (default 64 MiB);
 *     beyond it the statement fails with 53200 {@code out of memory}
 * @param planCacheSize prepared plans kept per session, keyed by SQL text and parameter types (default 256)
 * @param serverVersion the {@code server_version} reported (default {@code 15.0})
 * @param branchFunctions what the {@code stratum_branch_*} SQL functions call, or null for none (they fail
 *     with 0A000)
 * @param tempDirectory where sessions keep the temporary files of sorts that pass work_mem, one subdirectory per
 *     session, removed when it ends (default {@code java.io.tmpdir}/stratum_tmp: the compute has no data directory)
 */
public record SqlEngineConfig(long maxStatementMemory, int planCacheSize, String serverVersion,
                              io.stratum.compute.BranchFunctions branchFunctions, java.nio.file.Path tempDirectory) {

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults. */
    public static SqlEngineConfig defaults() {
        return builder().build();
    }

    /** Builder; {@link #build()} validates and names the bad field. */
    public static final class Builder {
        private long maxStatementMemory = 64L << 20;
        private int planCacheSize = 256;
        private String serverVersion = Settings.SERVER_VERSION;
        private io.stratum.compute.BranchFunctions branchFunctions;
        private java.nio.file.Path tempDirectory = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "stratum_tmp");

        private Builder() {
        }

        public Builder maxStatementMemory(final long v) {
            maxStatementMemory = v;
            return this;
        }

        public Builder planCacheSize(final int v) {
            planCacheSize = v;
            return this;
        }

        public Builder serverVersion(final String v) {
            serverVersion = v;
            return this;
        }

        public Builder branchFunctions(final io.stratum.compute.BranchFunctions v) {
            branchFunctions = v;
            return this;
        }

        public Builder tempDirectory(final java.nio.file.Path v) {
            tempDirectory = v;
            return this;
        }

        public SqlEngineConfig build() {
            if (tempDirectory == null) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "temporary directory missing", "field", "tempDirectory");
            }
            if (maxStatementMemory < 1L << 20) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "statement memory below 1 MiB", "field",
                    "maxStatementMemory", "value", maxStatementMemory);
            }
            if (planCacheSize < 1 || planCacheSize > 100_000) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "plan cache size out of range 1..100000", "field",
                    "planCacheSize", "value", planCacheSize);
            }
            if (serverVersion == null || !serverVersion.startsWith("15")) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "server version must be 15.x", "field", "serverVersion",
                    "value", serverVersion);
            }
            return new SqlEngineConfig(maxStatementMemory, planCacheSize, serverVersion, branchFunctions, tempDirectory);
        }
    }
}
