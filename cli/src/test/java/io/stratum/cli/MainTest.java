package io.stratum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A run naming a subcommand builds only that one; help and unknown first arguments get them all. */
class MainTest {
    @Test
    void onlyTheNamedSubcommandIsBuilt() {
        assertEquals(Set.of("branch"), Main.commandLine("branch").getSubcommands().keySet());
        assertEquals(Set.of("status"), Main.commandLine("status").getSubcommands().keySet());
        assertTrue(Main.commandLine("help").getSubcommands().keySet().containsAll(Set.of("branch", "start", "tool")));
        assertTrue(Main.commandLine("--help").getSubcommands().keySet().containsAll(Set.of("branch", "bench")));
        assertEquals(Main.commandLine().getSubcommands().keySet(), Main.commandLine(null).getSubcommands().keySet());

        final CommandLine cl = Main.commandLine("help");
        final StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("help", "branch"));
        assertTrue(out.toString().contains("stratum branch"), out.toString());
    }

    @Test
    void onTwoProcessorsTheCommonPoolGetsTwoThreadsSoCompletableFuturesDoNotStartAThreadPerTask() {
        assertEquals(java.util.Optional.of("2"), Main.commonPoolParallelism(1));
        assertEquals(java.util.Optional.of("2"), Main.commonPoolParallelism(2));
        assertEquals(java.util.Optional.empty(), Main.commonPoolParallelism(3), "the JVM's default (2) is fine");
        System.setProperty(Main.COMMON_POOL_PARALLELISM, "5");
        try {
            assertEquals(java.util.Optional.empty(), Main.commonPoolParallelism(2), "an explicit setting wins");
        } finally {
            System.clearProperty(Main.COMMON_POOL_PARALLELISM);
        }
    }
}
