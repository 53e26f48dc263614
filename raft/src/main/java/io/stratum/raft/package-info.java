/** The WAL service: WAL nodes replicating each timeline's WAL with Apache Ratis, and the WAL client. */
package io.stratum.raft;
