package io.stratum.perf;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stratum bench ...}: whole-system benchmarks, each measured against a peer in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run a benchmark; every figure comes with a reference measured in the same run.",
    subcommands = {
        io.stratum.perf.raft.RaftBench.class,
    })
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
