package io.stratum.chaos;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a chaos campaign does.
 *
 * @param dir where the processes keep their data and logs ({@code DIR/logs/*.log})
 * @param duration how long the workloads and the nemesis run
 * @param seed the seed of every random choice (the nemesis, the workloads, the checker)
 * @param mainClass the class the daemon processes run ({@code io.stratum.cli.Main}, on this JVM's class path)
 * @param quietMs mean pause between two faults
 * @param recoveryTimeoutMs how long writes may take to work again once every fault is healed
 * @param faults the fault kinds the nemesis chooses from (default: all of {@code Nemesis.KINDS})
 */
public record ChaosConfig(Path dir, Duration duration, long seed, String mainClass, long quietMs,
                          int bankClients, int ledgerClients, int uniqueClients, long recoveryTimeoutMs,
                          java.util.List<String> faults) {
    public static Builder builder(final Path dir) {
        return new Builder(dir);
    }

    /** Builds a {@link ChaosConfig}; every field has a default but the directory. */
    public static final class Builder {
        private final Path dir;
        private Duration duration = Duration.ofMinutes(1);
        private long seed = 1;
        private String mainClass = "io.stratum.cli.Main";
        private long quietMs = 4_000;
        private int bank = 3;
        private int ledger = 2;
        private int unique = 2;
        private long recoveryMs = 120_000;
        private java.util.List<String> faults = Nemesis.KINDS;

        private Builder(final Path dir) {
            this.dir = dir;
        }

        public Builder duration(final Duration v) {
            duration = v;
            return this;
        }

        public Builder seed(final long v) {
            seed = v;
            return this;
        }

        public Builder mainClass(final String v) {
            mainClass = v;
            return this;
        }

        public Builder quietMs(final long v) {
            quietMs = v;
            return this;
        }

        public Builder clients(final int bankClients, final int ledgerClients, final int uniqueClients) {
            bank = bankClients;
            ledger = ledgerClients;
            unique = uniqueClients;
            return this;
        }

        public Builder recoveryTimeoutMs(final long v) {
            recoveryMs = v;
            return this;
        }

        /** Only these fault kinds (a subset of {@code Nemesis.KINDS}). */
        public Builder faults(final java.util.List<String> v) {
            faults = java.util.List.copyOf(v);
            return this;
        }

        public ChaosConfig build() {
            if (faults.isEmpty() || !Nemesis.KINDS.containsAll(faults)) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "unknown or no fault kinds", "faults", faults);
            }
            if (dir == null) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "dir is required");
            }
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "duration must be positive", "duration", duration);
            }
            if (quietMs < 100) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "quietMs must be at least 100", "quietMs", quietMs);
            }
            if (bank < 0 || ledger < 0 || unique < 0 || bank + ledger + unique == 0) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "need at least one writing client",
                    "bank", bank, "ledger", ledger, "unique", unique);
            }
            if (recoveryMs < 1_000) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "recoveryTimeoutMs must be at least 1000",
                    "recoveryTimeoutMs", recoveryMs);
            }
            return new ChaosConfig(dir, duration, seed, mainClass, quietMs, bank, ledger, unique, recoveryMs, faults);
        }
    }
}
