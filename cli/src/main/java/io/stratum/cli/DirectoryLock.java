package io.stratum.cli;

import io.stratum.wal.ErrorCode;
import io.stratum.wal.StratumException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An exclusive lock on a data directory ({@code DIR/LOCK}), so two processes never open the same data. */
final class DirectoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(final FileChannel channel, final FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DirectoryLock acquire(final Path dir, final String what) {
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
