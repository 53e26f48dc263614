/** JMH benchmarks of mvcc in process (B-tree lookups and inserts over the buffer pool). */
package io.stratum.perf.mvcc;
