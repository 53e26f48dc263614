package io.stratum.engine;

import io.stratum.wal.io.FileIo;
import io.stratum.wal.io.ForwardingFileIo;
import java.io.IOException;
import java.nio.file.Path;

/** A {@link FileIo} decorator that fails the n-th delete or rename from now (to interrupt GC and compaction). */
final class TripwireFileIo extends ForwardingFileIo {
    private int deletesLeft = -1;
    private int renamesLeft = -1;

    TripwireFileIo(final FileIo delegate) {
        super(delegate);
    }

    /** The {@code n}-th delete from now (0 = the next) fails. */
    synchronized void failDeleteAfter(final int n) {
        deletesLeft = n;
    }

    /** The {@code n}-th rename from now (0 = the next) fails. */
    synchronized void failRenameAfter(final int n) {
        renamesLeft = n;
    }

    synchronized void disarm() {
        deletesLeft = -1;
        renamesLeft = -1;
    }

    @Override
    public void delete(final Path path) throws IOException {
        synchronized (this) {
            if (deletesLeft == 0) {
                deletesLeft = -1;
                throw new IOException("delete failed (tripwire): " + path);
            }
            if (deletesLeft > 0) {
                deletesLeft--;
            }
        }
        delegate.delete(path);
    }

    @Override
    public void rename(final Path from, final Path to) throws IOException {
        synchronized (this) {
            if (renamesLeft == 0) {
                renamesLeft = -1;
                throw new IOException("rename failed (tripwire): " + to);
            }
            if (renamesLeft > 0) {
                renamesLeft--;
            }
        }
        delegate.rename(from, to);
    }

}
