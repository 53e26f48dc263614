package io.stratum.raft.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.stratum.wal.TimelineId;
import io.stratum.wal.io.FileIo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which kept snapshot is safe to install or purge up to. */
class SnapshotStoreTest {
    private static final TimelineId TL = new TimelineId(1, 2);

    private static Map<TimelineId, long[]> end(final long end) {
        return Map.of(TL, new long[] {0, 1, end, 0, -1});
    }

    @Test
    void noSnapshotAboveTheAppliedIndexIsSafe(@TempDir final Path dir) throws Exception {
        final SnapshotStore store = new SnapshotStore(FileIo.real(), dir);
        store.write(1, 10, end(100));
        store.write(1, 20, end(200));
        store.write(1, 30, end(300));
        store.load(); // as after a restart: every kept file, while the replay starts from the oldest
        final long persisted = 300;
        assertEquals(30, store.safe(id -> persisted, 30).index());
        // replaying at index 25: the snapshot at 30 lies ahead of the state and must not be offered
        assertEquals(20, store.safe(id -> persisted, 25).index());
        assertEquals(10, store.safe(id -> persisted, 10).index());
        assertNull(store.safe(id -> persisted, 9));
        // and only snapshots whose ends the page server persisted
        assertEquals(10, store.safe(id -> 150, 30).index());
        assertNull(store.safe(id -> 99, 30));
    }

    @Test
    void pruningKeepsTheSafeSnapshotAndTheNewerOnes(@TempDir final Path dir) throws Exception {
        final SnapshotStore store = new SnapshotStore(FileIo.real(), dir);
        store.write(1, 10, end(100));
        store.write(1, 20, end(200));
        store.write(1, 30, end(300));
        store.prune(store.safe(id -> 300, 25), 2);
        store.load();
        assertEquals(20, store.oldest().index(), "the one below the safe snapshot is deleted");
        assertEquals(30, store.newest().index(), "the newer one is kept");
    }
}
