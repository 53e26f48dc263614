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
    /**
     * Every fault but those of the page server: a kill or a cut page-service link can still leave a
     * transaction active with no session (its COMMIT failed reading a commit-log page), whose rows then
     * block every writer (open defect, docs/reliability.md); the full campaign keeps them.
     */
    static final java.util.List<String> FAULTS = java.util.List.of("kill_wal_leader", "kill_wal_follower",
        "kill_compute", "pause_wal_leader", "pause_wal_follower", "pause_compute", "cut_client_link", "cut_wal_link",
        "delay_client_link", "delay_wal_link");

    @TempDir
    Path dir;

    @Test
    void aShortCampaignLosesNothing() {
        final ChaosReport r = ChaosRun.run(ChaosConfig.builder(dir).duration(Duration.ofSeconds(15)).seed(7)
            .quietMs(1_500).clients(2, 1, 1).faults(FAULTS).build(), System.out);
        System.out.println(r.toText());
        assertTrue(r.clean(), r.toText());
        assertTrue(r.acked() > 0, "some writes were acknowledged: " + r.toText());
        assertTrue(!r.faultsInjected().isEmpty(), "the nemesis injected faults: " + r.toText());
    }
}
