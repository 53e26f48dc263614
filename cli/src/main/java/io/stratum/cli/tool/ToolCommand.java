package io.stratum.cli.tool;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stratum tool ...}: read Stratum's files for humans and for debugging. */
@Command(name = "tool", mixinStandardHelpOptions = true,
    description = "Inspect and verify Stratum's on-disk files.",
    subcommands = {
        WalDumpCommand.class,
        WalVerifyCommand.class,
        LayerDumpCommand.class,
        LayerVerifyCommand.class,
    })
public final class ToolCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
