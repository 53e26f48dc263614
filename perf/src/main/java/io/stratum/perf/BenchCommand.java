package io.stratum.perf;

import io.stratum.perf.wal.WalBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stratum bench ...}: whole-system benchmarks, each measured against a peer in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run a benchmark; every figure comes with a reference measured in the same run.",
    subcommands = {
        WalBench.class,
        io.stratum.perf.engine.GetPageBench.class,
        io.stratum.perf.engine.RemoteGetPageBench.class,
        io.stratum.perf.engine.BranchBench.class,
        io.stratum.perf.engine.IngestBench.class,
        io.stratum.perf.raft.RaftBench.class,
        io.stratum.perf.pg.PgbenchBench.class,
        io.stratum.perf.query.QueriesBench.class,
    })
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
