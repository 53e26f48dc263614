package io.stratum.examples.kvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The example depends only on the embeddable artifacts, and they bring no daemon along: none of the
 * daemon-side classes or libraries is on this test's class path (Maven resolved it transitively).
 */
class ClassPathTest {
    static final List<String> ABSENT = List.of(
        "io.stratum.engine.service.PageService", "io.stratum.engine.http.ManagementServer",
        "io.stratum.compute.ComputeNode", "io.stratum.cluster.LocalCluster", "io.stratum.cli.Main",
        "io.prometheus.metrics.model.registry.PrometheusRegistry", "com.fasterxml.jackson.core.JsonFactory",
        "picocli.CommandLine", "org.postgresql.Driver");

    @Test
    void noDaemonPartIsOnTheClassPath() {
        final List<String> present = new ArrayList<>();
        for (final String c : ABSENT) {
            try {
                Class.forName(c, false, getClass().getClassLoader());
                present.add(c);
            } catch (final ClassNotFoundException e) {
                // as it should be
            }
        }
        assertEquals(List.of(), present);
    }

    @Test
    void theEmbeddableApiIsThere() throws ClassNotFoundException {
        for (final String c : List.of("io.stratum.engine.PageServer", "io.stratum.wal.local.LocalWalService",
            "io.stratum.raft.WalNode", "io.stratum.engine.service.PageClient")) {
            Class.forName(c, false, getClass().getClassLoader());
        }
    }
}
