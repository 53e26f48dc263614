/**
 * Internal: the metric registries Ratis records into inside a WAL node, kept cheap on purpose (see
 * {@link io.stratum.raft.ratismetrics.LeanMetricRegistries}). Not API; loaded by Ratis through
 * {@code java.util.ServiceLoader}.
 */
@Internal
package io.stratum.raft.ratismetrics;

import io.stratum.wal.Internal;
