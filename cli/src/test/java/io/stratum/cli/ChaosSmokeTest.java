package io.stratum.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.chaos.ChaosConfig;
import io.stratum.chaos.ChaosReport;
import io.stratum.chaos.ChaosRun;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short {@code stratum chaos} campaign in CI: the daemons as processes, 15 s of workloads under the seeded
 * nemesis (a fault every second or two), then the checks. The long campaigns are run by hand
 * ({@code stratum chaos --minutes 10 --seed S}; docs/reliability.md has the last figures).
 */
class ChaosSmokeTest {
    /** Every fault kind the nemesis has (a page-server fault used to leave an ownerless xid: FailedCommitTest). */
    static final java.util.List<String> FAULTS = java.util.List.of("kill_wal_leader", "kill_wal_follower",
        "kill_pageserver", "kill_compute", "pause_wal_leader", "pause_wal_follower", "pause_pageserver",
        "pause_compute", "cut_client_link", "cut_pageservice_link", "cut_wal_link", "delay_client_link",
        "delay_pageservice_link", "delay_wal_link");

    @TempDir
    Path dir;

    /** The last lines of every daemon's log, for a failure in CI (the temporary directory is removed after). */
    private String logTails() {
        final StringBuilder sb = new StringBuilder();
        try (java.util.stream.Stream<Path> logs = java.nio.file.Files.list(dir.resolve("logs"))) {
            for (final Path log : logs.sorted().toList()) {
                final java.util.List<String> lines = java.nio.file.Files.readAllLines(log);
                sb.append("\n--- last lines of ").append(log.getFileName()).append(" ---\n");
                lines.subList(Math.max(0, lines.size() - 40), lines.size())
                    .forEach(l -> sb.append(l.length() > 300 ? l.substring(0, 300) : l).append('\n'));
            }
        } catch (final java.io.IOException e) {
            sb.append("\n(logs unreadable: ").append(e).append(")\n");
        }
        return sb.toString();
    }

    @Test
    void aShortCampaignLosesNothing() {
        final ChaosReport r = ChaosRun.run(ChaosConfig.builder(dir).duration(Duration.ofSeconds(15)).seed(7)
            .quietMs(1_500).clients(2, 1, 1).faults(FAULTS).build(), System.out);
        System.out.println(r.toText());
        assertTrue(r.clean(), () -> r.toText() + logTails());
        assertTrue(r.acked() > 0, "some writes were acknowledged: " + r.toText());
        assertTrue(!r.faultsInjected().isEmpty(), "the nemesis injected faults: " + r.toText());
    }
}
