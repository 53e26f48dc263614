package io.stratum.examples.kvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The store over a local WAL: the scenario, a restart, and refusals. */
@Timeout(120)
class KvStoreLocalTest {
    @TempDir
    Path dir;

    @Test
    void branchesReadsAtOldLsnsAndSurvivesARestart() {
        final Scenario.Lsns lsns;
        try (KvStore store = KvStore.open(KvStoreConfig.builder(dir).build())) {
            lsns = Scenario.firstRun(store);
        }
        try (KvStore store = KvStore.open(KvStoreConfig.builder(dir).build())) {
            Scenario.afterRestart(store, lsns);
        }
    }

    @Test
    void manyWritesSpillToLayerFilesAndReadBackAfterRestart() throws java.io.IOException {
        final KvStoreConfig config = KvStoreConfig.builder(dir).buckets(16).engineMemoryBytes(64 << 10).build();
        long middle = 0;
        try (KvStore store = KvStore.open(config)) {
            for (int i = 0; i < 1200; i++) {
                final long lsn = store.put("main", "k" + (i % 150), Scenario.b(value(i)));
                if (i == 599) {
                    middle = lsn;
                }
            }
        }
        try (KvStore store = KvStore.open(config)) {
            for (int k = 0; k < 150; k++) {
                assertEquals(value(1050 + k), Scenario.s(store.get("main", "k" + k)));
                assertEquals(value(450 + k), Scenario.s(store.get("main", "k" + k, middle)));
            }
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir.resolve("engine"))) {
            assertTrue(files.filter(f -> f.getFileName().toString().contains("__")).count() >= 2,
                "the writes were flushed to layer files");
        }
    }

    private static String value(final int i) {
        return ("v" + i + ":").repeat(20);
    }

    @Test
    void refusesWhatItCannotDo() {
        try (KvStore store = KvStore.open(KvStoreConfig.builder(dir).build())) {
            assertEquals(ErrorCode.NOT_FOUND, assertThrows(StratumException.class,
                () -> store.put("nope", "k", Scenario.b("v"))).code());
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(StratumException.class,
                () -> store.put("main", "k".repeat(300), Scenario.b("v"))).code());
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(StratumException.class,
                () -> store.put("main", "k", new byte[KvRecords.MAX_VALUE + 1])).code());
            final long lsn = store.put("main", "k", Scenario.b("v"));
            store.branch("dev", "main", lsn);
            assertEquals(ErrorCode.ALREADY_EXISTS, assertThrows(StratumException.class,
                () -> store.branch("dev", "main", lsn)).code());
            assertEquals(ErrorCode.OUT_OF_RANGE, assertThrows(StratumException.class,
                () -> store.get("dev", "k", KvStore.FIRST_LSN)).code());
        }
        final StratumException bad = assertThrows(StratumException.class,
            () -> KvStoreConfig.builder(dir).buckets(0).build());
        assertTrue(bad.getMessage().contains("buckets"), bad.getMessage());
    }

    @Test
    void aFullBucketIsRefusedBeforeAnythingIsLogged() {
        try (KvStore store = KvStore.open(KvStoreConfig.builder(dir).buckets(1).build())) {
            final StratumException full = assertThrows(StratumException.class, () -> {
                for (int n = 0; n < 100; n++) {
                    store.put("main", "key" + n, new byte[KvRecords.MAX_VALUE]);
                }
            });
            assertEquals(ErrorCode.LIMIT_EXCEEDED, full.code());
            final long before = store.lsn("main");
            assertThrows(StratumException.class, () -> store.put("main", "another", new byte[KvRecords.MAX_VALUE]));
            assertEquals(before, store.lsn("main"));
            assertEquals(3, store.scan("main", before).size());
        }
    }
}
