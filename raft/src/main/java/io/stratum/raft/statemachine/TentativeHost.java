package io.stratum.raft.statemachine;

import io.stratum.wal.TenantId;
import io.stratum.wal.TimelineId;
import io.stratum.wal.WalLog;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.ratis.server.raftlog.RaftLog;

/** What {@link Tentative} needs from the state machine. */
final class TentativeHost {
    private final WalStateMachine sm;

    TentativeHost(final WalStateMachine sm) {
        this.sm = sm;
    }

    public WalLog openLog(final TimelineId id, final long createIndex, final long startLsn) {
        return sm.openLog(id, createIndex, startLsn);
    }

    /** The division's Raft log (the server is up: Ratis calls the state machine only after it started). */
    public RaftLog raftLog() throws IOException {
        try {
            return sm.getServer().get().getDivision(sm.getGroupId()).getRaftLog();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while finding the Raft log");
        } catch (final ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    public StateMachineSettings settings() {
        return sm.settings();
    }

    public TenantId tenant() {
        return sm.tenant();
    }

    public Path walRoot() {
        return sm.walRoot();
    }

    public List<TimelineState> committed() {
        return sm.timelines();
    }

    public void deleteDir(final TimelineState t) {
        sm.deleteDir(t);
    }
}
