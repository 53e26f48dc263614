package io.stratum.engine.timeline;

import io.stratum.engine.layer.LayerDesc;
import io.stratum.engine.layer.LayerFile;
import java.util.ArrayList;
import java.util.List;

/**
 * Garbage collection of one timeline's layers, under its maintenance lock.
 * <ol>
 * <li>Cutoff = the lowest of: last record LSN minus {@code gcHorizonBytes}; the LSN the time index gives
 *     for now minus {@code pitrMicros} (0 when no commit that old is known); the disk-consistent LSN.
 *     It never moves back. It is made durable first: from then on reads and branches below it are
 *     refused.</li>
 * <li>A layer is deleted only if all hold: everything in it is at or below the cutoff; no child branch
 *     point is at or above its start LSN; and image layers with LSNs between the layer's top LSN (for
 *     an image layer: above its LSN) and the cutoff together cover its key range. Then every read at or
 *     above the cutoff, and every read of a child at its branch point, finds an image at or above the
 *     layer and never needs it.</li>
 * </ol>
 * For every key, the newest image at or below the cutoff that covers it is never deleted (nothing newer
 * covers it), so each deletion stays justified whatever else the pass deletes, and a crash between
 * deletions leaves a readable state. An I/O error (a failed fsync of the metadata, a full disk, a failed
 * deletion) latches the timeline FAILED.
 */
final class Gc {
    private Gc() {
    }

    static int run(final Timeline t) {
        t.maintenance.lock();
        try {
            final long now = t.ctx.config.clock().microTime();
            final long horizon = Math.max(0, t.lastRecordLsn() - t.ctx.config.gcHorizonBytes());
            final long pitrLsn = Math.max(0, t.times.lsnAt(now - t.ctx.config.pitrMicros()));
            long cutoff = Math.min(Math.min(horizon, pitrLsn), t.diskConsistentLsn());
            if (cutoff > t.gcCutoff()) {
                t.times.trimBelow(cutoff); // persisted with the new cutoff just below
                t.setGcCutoff(cutoff);
            }
            cutoff = t.gcCutoff();
            final List<Long> retain = new ArrayList<>();
            for (final Timeline child : t.children) {
                retain.add(child.ancestorLsn);
            }
            final List<LayerFile> doomed = new ArrayList<>();
            t.rw.readLock().lock();
            try {
                for (final LayerFile l : t.layers.all()) {
                    if (deletable(t.layers, l.desc(), cutoff, retain)) {
                        doomed.add(l);
                    }
                }
            } finally {
                t.rw.readLock().unlock();
            }
            if (!doomed.isEmpty()) {
                Compactor.swap(t, List.of(), doomed);
            }
            return doomed.size();
        } catch (final RuntimeException e) {
            throw t.latchIoFailure(e, "GC");
        } finally {
            t.maintenance.unlock();
        }
    }

    static boolean deletable(final LayerMap map, final LayerDesc d, final long cutoff, final List<Long> retain) {
        final long top = d.image() ? d.imageLsn() : d.lsnEnd();
        if (top > cutoff) {
            return false;
        }
        for (final long r : retain) {
            if (r >= d.lsnStart()) {
                return false;
            }
        }
        return map.imagesCover(d.image() ? d.imageLsn() + 1 : top, cutoff, d.keyStartHi(), d.keyStartLo(),
            d.keyEndHi(), d.keyEndLo());
    }
}
