package io.stratum.raft.statemachine;

import java.util.function.Supplier;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;

/**
 * A tenant state machine's storage as Ratis sees it. The snapshot files are managed by {@link SnapshotStore};
 * this only tells Ratis which one is the latest. Threads: none.
 */
final class SnapshotStorage implements StateMachineStorage {
    private final Supplier<SnapshotInfo> latest;

    SnapshotStorage(final Supplier<SnapshotInfo> latest) {
        this.latest = latest;
    }

    @Override
    public void init(final RaftStorage raftStorage) {
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        return latest.get();
    }

    @Override
    public void format() {
    }

    @Override
    public void cleanupOldSnapshots(final SnapshotRetentionPolicy policy) {
    }
}
