/** The wire format of requests and replies between the WAL client and WAL nodes (internal to raft/). */
package io.stratum.raft.protocol;
