package io.stratum.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The election settings the WAL nodes hand to Ratis (what failover time and stability rest on). */
class RaftSettingsTest {
    @TempDir
    Path dir;

    private WalNodeConfig.Builder config() {
        return WalNodeConfig.builder(1, List.of(new WalPeer(1, "127.0.0.1", 7401)), dir);
    }

    @Test
    void defaultElectionTimeoutIsShortAndPreVoteGuardsIt() {
        final RaftProperties p = RaftSettings.server(config().build());
        assertEquals(400, RaftServerConfigKeys.Rpc.timeoutMin(p).toLong(TimeUnit.MILLISECONDS));
        assertEquals(800, RaftServerConfigKeys.Rpc.timeoutMax(p).toLong(TimeUnit.MILLISECONDS));
        assertEquals(400, RaftServerConfigKeys.Rpc.firstElectionTimeoutMin(p).toLong(TimeUnit.MILLISECONDS));
        assertEquals(800, RaftServerConfigKeys.Rpc.firstElectionTimeoutMax(p).toLong(TimeUnit.MILLISECONDS));
        // a voter that heard from a live leader recently refuses a pre-vote: no spurious elections
        assertTrue(RaftServerConfigKeys.LeaderElection.preVote(p));
    }

    @Test
    void configuredElectionTimeoutReachesRatis() {
        final RaftProperties p = RaftSettings.server(config()
            .electionTimeout(Duration.ofMillis(1000), Duration.ofMillis(2000)).build());
        assertEquals(1000, RaftServerConfigKeys.Rpc.timeoutMin(p).toLong(TimeUnit.MILLISECONDS));
        assertEquals(2000, RaftServerConfigKeys.Rpc.timeoutMax(p).toLong(TimeUnit.MILLISECONDS));
        assertEquals(4000, RaftServerConfigKeys.Rpc.requestTimeout(p).toLong(TimeUnit.MILLISECONDS));
        assertTrue(RaftServerConfigKeys.LeaderElection.preVote(p));
    }
}
