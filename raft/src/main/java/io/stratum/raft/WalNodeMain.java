package io.stratum.raft;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one WAL node in the foreground until the process is killed:
 * {@code WalNodeMain --id N --peers 1=HOST:PORT,... --data DIR [--transport NETTY|GRPC]
 * [--election-timeout-ms MIN]}. Prints {@code READY} on standard output once the node listens.
 * (The {@code stratum wal-node} command does the same with a proper command line.)
 */
public final class WalNodeMain {
    private WalNodeMain() {
    }

    public static void main(final String[] args) throws InterruptedException {
        Integer id = null;
        String peers = null;
        String data = null;
        Transport transport = Transport.NETTY;
        long electionMs = 1000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--id" -> id = Integer.parseInt(args[i + 1]);
                case "--peers" -> peers = args[i + 1];
                case "--data" -> data = args[i + 1];
                case "--transport" -> transport = Transport.valueOf(args[i + 1]);
                case "--election-timeout-ms" -> electionMs = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (id == null || peers == null || data == null) {
            System.err.println("usage: WalNodeMain --id N --peers 1=HOST:PORT,... --data DIR");
            System.exit(2);
        }
        final WalNode node = WalNode.launch(WalNodeConfig.builder(id, WalPeer.parseList(peers), Path.of(data))
            .transport(transport)
            .electionTimeout(Duration.ofMillis(electionMs), Duration.ofMillis(2 * electionMs))
            .build());
        final CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            done.countDown();
        }, "stratum-wal-node-shutdown"));
        System.out.println("READY " + node.peer());
        System.out.flush();
        done.await();
    }
}
