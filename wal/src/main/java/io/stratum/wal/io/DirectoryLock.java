package io.stratum.wal.io;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a data directory ({@code DIR/LOCK}, an OS file lock), so two processes, or two
 * owners in one process, never open the same data. Released by {@link #close()} or when the process dies.
 */
public final class DirectoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(final FileChannel channel, final FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} (creating it and its {@code LOCK} file if needed).
     *
     * @param what names the owner in the error, e.g. "page server"
     * @throws StratumException CONFLICT when another process, or another owner in this one, holds it
     */
    public static DirectoryLock acquire(final Path dir, final String what) {
        try {
            Files.createDirectories(dir);
            final FileChannel ch = FileChannel.open(dir.resolve("LOCK"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (final OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                throw StratumException.of(ErrorCode.CONFLICT, what + " data directory is in use by another process",
                    "dir", dir);
            }
            return new DirectoryLock(ch, l);
        } catch (final IOException e) {
            throw StratumException.withCause(ErrorCode.IO_ERROR, e, "cannot lock the data directory", "dir", dir,
                "error", e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (final IOException e) {
            // the process is letting go of it either way
        }
    }
}
