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
    @TempDir
    Path dir;

    @Test
    void aShortCampaignLosesNothing() {
        final ChaosReport r = ChaosRun.run(ChaosConfig.builder(dir).duration(Duration.ofSeconds(15)).seed(7)
            .quietMs(1_500).clients(2, 1, 1).build(), System.out);
        System.out.println(r.toText());
        assertTrue(r.clean(), r.toText());
        assertTrue(r.acked() > 0, "some writes were acknowledged: " + r.toText());
        assertTrue(!r.faultsInjected().isEmpty(), "the nemesis injected faults: " + r.toText());
    }
}
