package io.stratum.raft;

import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import java.util.List;

/**
 * What one WAL node reports: whether it answered, and per tenant group its Raft role and per timeline its
 * LSNs.
 *
 * @param peer the node
 * @param reachable whether it answered
 * @param error why not, when it did not
 * @param groups one entry per tenant the node hosts
 */
public record NodeStatus(WalPeer peer, boolean reachable, String error, List<Group> groups) {

    /**
     * @param tenant the tenant (one Raft group)
     * @param role LEADER, FOLLOWER, CANDIDATE, LISTENER, UNKNOWN, or FAILED (this node fail-stopped the group)
     * @param commitIndex the node's Raft commit index in this group (-1 when FAILED)
     * @param timelines the tenant's timelines as this node has applied them (none when failed)
     * @param failure why this node stopped serving the group (its WAL copy failed), or null when healthy
     */
    public record Group(TenantId tenant, String role, long commitIndex, List<Timeline> timelines, String failure) {
        public boolean failed() {
            return failure != null;
        }
    }

    /**
     * @param timeline the timeline
     * @param truncationLsn WAL below this was deleted on this node (retention)
     * @param flushLsn WAL up to this is fsynced in the node's per-timeline WAL files
     * @param commitLsn WAL up to this is committed (quorum-durable) and applied on this node
     * @param persistedLsn the page server's persisted LSN as reported
     * @param epoch the current writer's epoch
     */
    public record Timeline(TimelineId timeline, long truncationLsn, long flushLsn, long commitLsn,
                           long persistedLsn, long epoch) {
    }
}
