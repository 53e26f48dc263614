package io.stratum.cli;

import io.stratum.chaos.ChaosCommand;
import io.stratum.cli.tool.ToolCommand;
import io.stratum.perf.BenchCommand;
import io.stratum.wal.StratumException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code stratum} command. Its subcommands are registered in {@link #commandLine(String)}: a run whose
 * first argument names one registers only that one, since building picocli's whole command tree cost a
 * short command such as {@code stratum branch create} about 160 ms of its start.
 */
@Command(name = "stratum", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Stratum: a disaggregated, log-structured storage engine:",
        "a Raft-replicated WAL, page servers that read any page as of any LSN,",
        "instant branches, and a compute that speaks the PostgreSQL protocol."})
public final class Main implements Runnable {
    /** Every subcommand, in the order {@code --help} lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(
        ClusterCommands.Start.class,
        ClusterCommands.Stop.class,
        ClusterCommands.Status.class,
        ClusterCommands.Run.class,
        PageServerCommand.class,
        ComputeCommand.class,
        BranchCommands.class,
        WalCommands.Node.class,
        WalCommands.Wal.class,
        ToolCommand.class,
        AuthCommands.class,
        BenchCommand.class,
        ChaosCommand.class,
        CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args) {
        commonPoolParallelism(Runtime.getRuntime().availableProcessors())
            .ifPresent(p -> System.setProperty(COMMON_POOL_PARALLELISM, p));
        System.exit(run(args));
    }

    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    /**
     * The common pool's parallelism to set before anything uses it, if any. With fewer than 3 processors the
     * JVM gives the common pool a parallelism of 1, and then {@code CompletableFuture}'s async methods start
     * a new thread for every task: Ratis's followers do that for every appendEntries (25,614 thread starts
     * in a 140 s WAL bench on 2 cores). Parallelism 2 keeps two pooled threads instead. Left alone when
     * the property is set already or there are 3 or more processors.
     */
    static java.util.Optional<String> commonPoolParallelism(final int processors) {
        if (processors >= 3 || System.getProperty(COMMON_POOL_PARALLELISM) != null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("2");
    }

    /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 usage, others per ErrorCode). */
    public static int run(final String... args) {
        return commandLine(args.length == 0 ? null : args[0]).execute(args);
    }

    /** The configured command line with every subcommand, for callers (and tests) that set their own output streams. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /** The command line with only subcommand {@code first} when that names one (not help), else with all of them. */
    static CommandLine commandLine(final String first) {
        final CommandLine cl = new CommandLine(new Main());
        Class<?> only = null;
        for (final Class<?> c : SUBCOMMANDS) {
            if (c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(first)) {
                only = c;
            }
        }
        for (final Class<?> c : SUBCOMMANDS) {
            if (only == null || c == only) {
                cl.addSubcommand(c);
            }
        }
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof StratumException se) {
                line.getErr().println("stratum: error: " + se.getMessage());
                return se.code().exitCode();
            }
            line.getErr().println("stratum: internal error: " + ex);
            ex.printStackTrace(line.getErr());
            return 70;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            final String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"stratum " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version")};
        }
    }
}
