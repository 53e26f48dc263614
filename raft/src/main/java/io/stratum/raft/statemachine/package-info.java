/**
 * The Ratis state machine of a WAL node: one instance per tenant group, holding that tenant's timelines
 * (writer epoch, committed end, persisted LSN) and each timeline's WAL in a {@code WalLog}.
 */
@Internal
package io.stratum.raft.statemachine;

import io.stratum.wal.Internal;
