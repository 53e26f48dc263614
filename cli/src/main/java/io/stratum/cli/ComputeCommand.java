package io.stratum.cli;

import io.stratum.compute.BranchResolver;
import io.stratum.compute.ComputeConfig;
import io.stratum.compute.ComputeNode;
import io.stratum.engine.http.Json;
import io.stratum.raft.WalPeer;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.Lsn;
import io.stratum.wal.StratumException;
import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stratum compute}: one compute daemon (PostgreSQL protocol) in the foreground. */
@Command(name = "compute", mixinStandardHelpOptions = true,
    description = {"Run a compute in the foreground: it serves PostgreSQL clients on --listen, reads pages",
        "from the page server and writes WAL to the WAL nodes. The database name a client asks for is a",
        "branch (--branch NAME=TIMELINE), or NAME@LSN / NAME@TIME for a read-only session."})
final class ComputeCommand implements Callable<Integer> {
    @Option(names = "--pageserver", required = true, description = "page service address HOST:PORT")
    String pageServer;

    @Option(names = "--wal-peers", required = true, description = "the WAL nodes: 1=HOST:PORT,2=HOST:PORT,...")
    String walPeers;

    @Option(names = "--tenant", required = true, description = "tenant id (32 hex digits)")
    String tenant;

    @Option(names = "--branch", required = true, paramLabel = "NAME=TIMELINE",
        description = "a branch clients may name as their database (repeatable), e.g. main=17085a4d...")
    List<String> branches;

    @Option(names = "--management", defaultValue = "http://127.0.0.1:9898",
        description = "the page server's management API, for NAME@TIME sessions (default: ${DEFAULT-VALUE})")
    String management;

    @Option(names = "--listen", defaultValue = "127.0.0.1:55432", description = "PostgreSQL address (default: ${DEFAULT-VALUE})")
    String listen;

    @Option(names = "--http-port", defaultValue = "9880", description = "/metrics port on the --listen host, -1 for none (default: ${DEFAULT-VALUE})")
    int httpPort;

    @Option(names = "--buffer-pool-mb", defaultValue = "128", description = "buffer pool per branch in MiB (default: ${DEFAULT-VALUE})")
    int bufferPoolMb;

    @Option(names = "--max-ingest-lag-mb", defaultValue = "64",
        description = {"backpressure: MiB of WAL the compute may write ahead of what the page server has ingested",
            "before its writes wait for ingest (at least 1; default: ${DEFAULT-VALUE})"})
    int maxIngestLagMb;

    @Option(names = "--password-file", paramLabel = "FILE",
        description = {"SCRAM-SHA-256 logins: one USER:PASSWORD per line ('#' starts a comment). Required when",
            "--listen is not a loopback address; without it, loopback clients are trusted"})
    java.nio.file.Path passwordFile;

    @Option(names = "--token", paramLabel = "TOKEN",
        description = {"token scoped to --tenant, for a page server, WAL nodes and management API that have an",
            "auth key (default: STRATUM_TOKEN; make one with stratum auth token)"})
    String token;

    @Option(names = "--max-connections", defaultValue = "100", description = "connections at once (default: ${DEFAULT-VALUE})")
    int maxConnections;

    /** USER:PASSWORD lines; blank lines and '#' comments are skipped. */
    static Map<String, String> readPasswords(final java.nio.file.Path file) {
        final List<String> lines;
        try {
            if (java.nio.file.Files.size(file) > (1 << 20)) {
                throw StratumException.of(ErrorCode.LIMIT_EXCEEDED, "password file larger than 1 MiB", "file", file);
            }
            lines = java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (final java.io.IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot read the password file", "file", file,
                "error", e.getMessage());
        }
        final Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            final String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            final int colon = l.indexOf(':');
            if (colon <= 0 || colon == l.length() - 1) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "expected USER:PASSWORD", "file", file,
                    "line", i + 1);
            }
            out.put(l.substring(0, colon), l.substring(colon + 1));
        }
        if (out.isEmpty()) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "the password file names no user", "file", file);
        }
        return out;
    }

    @Override
    public Integer call() throws Exception {
        final TenantId t = TenantId.parse(tenant);
        final Map<String, TimelineId> names = new LinkedHashMap<>();
        for (final String b : branches) {
            final int eq = b.indexOf('=');
            if (eq <= 0) {
                throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "expected --branch NAME=TIMELINE", "value", b);
            }
            names.put(b.substring(0, eq), TimelineId.parse(b.substring(eq + 1)));
        }
        final String bearer = AuthCommands.token(token);
        final BranchResolver resolver = new BranchResolver() {
            @Override
            public TimelineId timeline(final String name) {
                return names.get(name);
            }

            @Override
            public long lsnAtTime(final TimelineId timeline, final long micros) {
                final String iso = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000).toString();
                final String body = BranchClient.send("GET", management + "/v1/tenant/" + t + "/timeline/"
                    + timeline + "/lsn_by_timestamp?timestamp=" + iso, null, bearer);
                return Lsn.parse(String.valueOf(Json.parseObject(body).get("lsn")));
            }
        };
        final ComputeNode node = ComputeNode.launch(ComputeConfig.builder(PageServerCommand.host(pageServer),
                PageServerCommand.port(pageServer), WalPeer.parseList(walPeers), t, resolver)
            .listen(PageServerCommand.host(listen), PageServerCommand.port(listen)).httpPort(httpPort)
            .bufferPoolBytes((long) bufferPoolMb << 20).maxConnections(maxConnections)
            .maxIngestLagBytes((long) maxIngestLagMb << 20)
            .passwords(passwordFile == null ? Map.of() : readPasswords(passwordFile)).token(bearer).build());
        final CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            done.countDown();
        }, "stratum-compute-shutdown"));
        System.out.println("compute running: PostgreSQL on " + PageServerCommand.host(listen) + ":" + node.port()
            + ", branches " + names.keySet());
        System.out.flush();
        done.await();
        return 0;
    }
}
