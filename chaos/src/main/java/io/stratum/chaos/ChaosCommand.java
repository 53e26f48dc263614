package io.stratum.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stratum chaos}: one campaign; exit status 0 when nothing was lost and nothing violated, 1 otherwise. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
    description = {"Run the reliability campaign: 3 WAL nodes, a page server and a compute as separate processes,",
        "bank, ledger and unique-key clients over pgJDBC, and a seeded nemesis that kills -9, pauses and",
        "restarts processes and cuts or delays links; then checks that nothing acknowledged was lost, no",
        "invariant broke and main@LSN reads back what was seen. Exit status 0 when clean, 1 otherwise."})
public final class ChaosCommand implements Callable<Integer> {
    @Option(names = "--minutes", defaultValue = "1", description = "how long the nemesis runs (default: ${DEFAULT-VALUE})")
    double minutes;

    @Option(names = "--seed", defaultValue = "1", description = "seed of every random choice (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--dir", description = "data and logs of the processes (default: a new temporary directory, removed when clean)")
    Path dir;

    @Option(names = "--quiet-ms", defaultValue = "4000", description = "mean pause between faults (default: ${DEFAULT-VALUE})")
    long quietMs;

    @Option(names = "--load", paramLabel = "CLIENTS",
        description = "instead of the campaign, run the connection load test with this many clients for --minutes")
    int load;

    @Override
    public Integer call() throws IOException {
        // the status client's Ratis logs every connection at INFO; the daemons' logs go to their own files
        if (System.getProperty("org.slf4j.simpleLogger.log.org.apache.ratis") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.ratis", "warn");
        }
        final boolean temporary = dir == null;
        final Path d = temporary ? Files.createTempDirectory("stratum-chaos-") : dir;
        if (load > 0) {
            System.err.println("chaos: data and logs in " + d);
            final LoadRun.Result r = LoadRun.run(d, "io.stratum.cli.Main", load,
                Duration.ofMillis((long) (minutes * 60_000)), System.err);
            System.out.println(json ? r.toJson() : r.toText());
            if (temporary && r.clean()) {
                deleteTree(d);
            }
            return r.clean() ? 0 : 1;
        }
        final ChaosConfig config = ChaosConfig.builder(d).duration(Duration.ofMillis((long) (minutes * 60_000)))
            .seed(seed).quietMs(quietMs).build();
        System.err.println("chaos: data and logs in " + d);
        final ChaosReport r = ChaosRun.run(config, System.err);
        System.out.println(json ? r.toJson() : r.toText());
        if (temporary && r.clean()) {
            deleteTree(d);
        }
        return r.clean() ? 0 : 1;
    }

    private static void deleteTree(final Path p) throws IOException {
        try (var walk = Files.walk(p)) {
            for (final Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
