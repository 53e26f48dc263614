package io.stratum.cli;

import io.stratum.cluster.PageServerNode;
import io.stratum.raft.WalClient;
import io.stratum.raft.WalClientConfig;
import io.stratum.raft.WalPeer;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stratum pageserver}: one page server daemon in the foreground. */
@Command(name = "pageserver", mixinStandardHelpOptions = true,
    description = {"Run a page server in the foreground: it streams committed WAL from the WAL nodes,",
        "serves GetPage@LSN on --listen and the management API and /metrics on --http."})
final class PageServerCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "data directory")
    Path data;

    @Option(names = "--wal-peers", required = true, description = "the WAL nodes: 1=HOST:PORT,2=HOST:PORT,...")
    String walPeers;

    @Option(names = "--listen", defaultValue = "127.0.0.1:6400", description = "page service address (default: ${DEFAULT-VALUE})")
    String listen;

    @Option(names = "--http", defaultValue = "127.0.0.1:9898",
        description = "management API and /metrics address (default: ${DEFAULT-VALUE})")
    String http;

    @Option(names = "--token-file", description = "file holding a fixed bearer token the management API requires "
        + "(superseded by --auth-key-file)")
    Path tokenFile;

    @Option(names = "--auth-key-file", paramLabel = "FILE",
        description = {"the cluster's signing key (stratum auth keygen): the page service and the management API",
            "then accept only tokens signed with it, scoped to the tenant a request touches (or admin).",
            "Required when --listen or --http is not a loopback address (without it: exit 2)"})
    Path authKeyFile;

    @Option(names = "--token", paramLabel = "TOKEN",
        description = {"token presented to WAL nodes that have an auth key (default: STRATUM_TOKEN; with",
            "--auth-key-file and neither, admin tokens minted with that key)"})
    String token;

    @Override
    public Integer call() throws Exception {
        final String apiToken = tokenFile == null ? null : read(tokenFile);
        final io.stratum.wal.auth.AuthKey key = AuthCommands.key(authKeyFile);
        final String walToken = AuthCommands.token(token);
        final WalClientConfig.Builder walConfig = WalClientConfig.builder(WalPeer.parseList(walPeers));
        if (walToken != null) {
            walConfig.token(walToken);
        } else if (key != null) {
            walConfig.tokens(io.stratum.wal.auth.TokenSource.minting(key, 3600, System::currentTimeMillis));
        }
        final WalClient wal = WalClient.connect(walConfig.build());
        final PageServerNode p;
        try {
            p = PageServerNode.start(data, wal, host(listen), port(listen), host(http), port(http), apiToken, key);
        } catch (final RuntimeException e) {
            wal.close();
            throw e;
        }
        final CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            p.close();
            wal.close();
            done.countDown();
        }, "stratum-pageserver-shutdown"));
        System.out.println("page server running: page service " + host(listen) + ":" + p.pageServicePort()
            + ", HTTP " + host(http) + ":" + p.httpPort() + ", data in " + data);
        System.out.flush();
        done.await();
        return 0;
    }

    private static String read(final Path f) throws IOException {
        final String t = Files.readString(f).trim();
        if (t.isEmpty()) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "token file is empty", "file", f);
        }
        return t;
    }

    static String host(final String hostPort) {
        final int c = hostPort.lastIndexOf(':');
        if (c <= 0) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "expected HOST:PORT", "address", hostPort);
        }
        return hostPort.substring(0, c);
    }

    static int port(final String hostPort) {
        try {
            return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        } catch (final NumberFormatException e) {
            throw StratumException.of(ErrorCode.INVALID_ARGUMENT, "expected HOST:PORT", "address", hostPort);
        }
    }
}
