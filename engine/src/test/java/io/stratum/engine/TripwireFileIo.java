package io.stratum.engine;

import io.stratum.wal.io.FileIo;
import io.stratum.wal.io.IoFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A {@link FileIo} decorator that fails the n-th delete or rename from now (to interrupt GC and compaction). */
final class TripwireFileIo implements FileIo {
    private final FileIo delegate;
    private int deletesLeft = -1;
    private int renamesLeft = -1;

    TripwireFileIo(final FileIo delegate) {
        this.delegate = delegate;
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
    public IoFile open(final Path path, final boolean create) throws IOException {
        return delegate.open(path, create);
    }

    @Override
    public IoFile openReadOnly(final Path path) throws IOException {
        return delegate.openReadOnly(path);
    }

    @Override
    public boolean exists(final Path path) {
        return delegate.exists(path);
    }

    @Override
    public List<Path> list(final Path dir) throws IOException {
        return delegate.list(dir);
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

    @Override
    public void syncDirectory(final Path dir) throws IOException {
        delegate.syncDirectory(dir);
    }

    @Override
    public void createDirectories(final Path dir) throws IOException {
        delegate.createDirectories(dir);
    }
}
