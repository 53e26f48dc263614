package io.stratum.raft;

/** The RPC transport between WAL nodes and clients (Ratis's Netty or gRPC implementation). */
public enum Transport {
    /** Ratis over plain Netty: the lower commit latency on the measured machine (default). */
    NETTY,
    /** Ratis over gRPC. */
    GRPC
}
