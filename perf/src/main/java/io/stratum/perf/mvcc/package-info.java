/** JMH benchmarks of mvcc: heap insert, sequential scan with visibility checks, commit with group commit. */
package io.stratum.perf.mvcc;
