package io.stratum.cli;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code start}, {@code stop}, {@code status}: the embedded local cluster. */
final class ClusterCommands {
    private ClusterCommands() {
    }

    /** Options shared by every command that acts on the local cluster. */
    static class DirOption {
        @Option(names = "--dir", defaultValue = ".stratum", description = "data directory of the local cluster (default: ${DEFAULT-VALUE})")
        Path dir;
    }

    static StratumException notYet(final String what) {
        return StratumException.of(ErrorCode.UNAVAILABLE, what + " is not built yet: the local cluster needs the page"
            + " server and the WAL service wired together (see README, feature table)");
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start the embedded local cluster (WAL nodes, page server) in the background.")
    static final class Start extends DirOption implements Runnable {
        @Override
        public void run() {
            throw notYet("stratum start");
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the local cluster.")
    static final class Stop extends DirOption implements Runnable {
        @Override
        public void run() {
            throw notYet("stratum stop");
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show every component of the local cluster: up/down, address, role, LSNs.")
    static final class Status extends DirOption implements Runnable {
        @Override
        public void run() {
            throw notYet("stratum status");
        }
    }
}
